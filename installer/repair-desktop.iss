; Inno Setup script: turns the PyInstaller folder into RepairDesktop-Setup-<version>.exe.
;
;   python -m PyInstaller --noconfirm build_installer.spec     (on Windows: makes dist\repair-desktop\)
;   iscc installer\repair-desktop.iss                         (Inno Setup 6: makes dist\RepairDesktop-Setup-0.1.0.exe)
;
; Installs per user by default (no administrator needed); the shop's data stays in the user's
; data folder and is never touched by uninstalling.

#define AppName "Repair Desktop"
#define AppVersion "0.1.0"
#define AppExe "repair-desktop.exe"

[Setup]
AppId={{4C6A3B1E-7F0B-4E0E-9A3B-2B8D5C1E9F21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Repair Desktop
DefaultDirName={autopf}\Repair Desktop
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=RepairDesktop-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\repair-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\repair-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} user guide"; Filename: "{app}\_internal\resources\help\guide.html"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
