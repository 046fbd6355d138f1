"""Qt's own messages during ``--screenshot``: the ones about having no screen stay out of the terminal.

Rendering off-screen, Qt warns that the offscreen platform can't pass size
hints to a window manager and that it found no OpenGL context (Qt Quick then
draws the charts in software). Neither changes the picture, yet a person who
asked for a screenshot would read them as failures. Every other message, and
every warning of another kind, still reaches stderr as Qt would print it.
"""

import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

#: How the harmless off-screen messages begin (the offscreen platform plugin; Qt's RHI without OpenGL).
HARMLESS_OFFSCREEN = ("This plugin does not support propagateSizeHints()", "QRhiGles2: Failed to create")


def quiet_offscreen_warnings() -> None:
    """Drop the harmless off-screen warnings from here on; pass everything else to Qt's handler (or stderr)."""
    previous = None

    def handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) \
                and message.startswith(HARMLESS_OFFSCREEN):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            category = context.category if context.category not in (None, "default") else None
            print(f"{category}: {message}" if category else message, file=sys.stderr)

    previous = qInstallMessageHandler(handle)
