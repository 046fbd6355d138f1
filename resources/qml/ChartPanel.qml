// A titled card with a legend, holding one chart and a note shown when it has nothing to draw.
import QtQuick
import QtQuick.Layouts

Rectangle {
    id: panel
    required property QtObject chartData  // chart_data.py's ChartData: colours
    property string title
    property string subtitle
    property var legend: []           // [{label, color, line?}]
    property string emptyText         // shown over the chart when not ""
    default property alias chart: body.data
    Layout.fillWidth: true
    Layout.fillHeight: true
    color: panel.chartData.panelColor
    border.color: panel.chartData.borderColor
    radius: 6

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 4
        Text {
            Layout.fillWidth: true
            Layout.preferredWidth: 0
            text: panel.title
            color: panel.chartData.textColor
            font.pixelSize: 14
            font.bold: true
            elide: Text.ElideRight
        }
        Text {  // wraps rather than cut: a quarter of a 1280 px window is narrower than "start to completion…"
            Layout.fillWidth: true
            Layout.preferredWidth: 0  // its width comes from the panel, never from the text's length
            text: panel.subtitle
            color: panel.chartData.mutedTextColor
            font.pixelSize: 11
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Flow {
            Layout.fillWidth: true
            spacing: 12
            Repeater {
                model: panel.legend
                Row {
                    required property var modelData
                    spacing: 5
                    Rectangle {
                        width: 12
                        height: modelData.line ? 3 : 12
                        radius: modelData.line ? 1 : 2
                        anchors.verticalCenter: parent.verticalCenter
                        color: modelData.color
                    }
                    Text {
                        text: modelData.label
                        color: panel.chartData.textColor
                        font.pixelSize: 11
                    }
                }
            }
        }
        Item {
            id: body
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
    Rectangle {
        anchors.centerIn: parent
        visible: panel.emptyText !== ""
        width: note.implicitWidth + 16
        height: note.implicitHeight + 8
        radius: 4
        color: panel.chartData.panelColor
        Text {
            id: note
            anchors.centerIn: parent
            text: panel.emptyText
            color: panel.chartData.mutedTextColor
            font.pixelSize: 13
        }
    }
}
