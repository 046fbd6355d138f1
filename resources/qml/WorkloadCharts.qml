// The workload tab's four throughput charts. Every number, label and colour comes from
// `chartData` (repair_desktop/ui/chart_data.py); this file only says how they look.
import QtQuick
import QtQuick.Layouts
import QtGraphs

Rectangle {
    id: root
    required property QtObject chartData
    color: chartData.backgroundColor

    GridLayout {
        anchors.fill: parent
        anchors.margins: 8
        columns: width > 1000 ? 4 : 2  // one row on a wide window, two by two otherwise
        rowSpacing: 8
        columnSpacing: 8
        uniformCellWidths: true
        uniformCellHeights: true

        ChartPanel {
            chartData: root.chartData
            objectName: "loadPanel"
            title: "Active jobs now"
            subtitle: root.chartData.capacity ? "limit " + root.chartData.capacity + " per technician" : ""
            legend: [{label: "Has room", color: root.chartData.colors.active},
                     {label: "At capacity", color: root.chartData.colors.full},
                     {label: "Capacity limit", color: root.chartData.colors.capacity, line: true}]
            emptyText: root.chartData.technicianNames.length ? "" : "No technicians yet"

            GraphsView {
                id: loadChart
                objectName: "loadChart"
                anchors.fill: parent
                marginLeft: 4
                marginRight: 8
                theme: ShopTheme { chartData: root.chartData }
                axisX: BarCategoryAxis {
                    categories: root.chartData.technicianNames
                    gridVisible: false
                    // Slanted names when they would not fit side by side
                    labelsAngle: loadChart.width / Math.max(1, categories.length) < 64 ? -45 : 0
                }
                axisY: ValueAxis {
                    max: root.chartData.loadAxisMax
                    labelsVisible: root.chartData.technicianNames.length > 0
                    tickInterval: 1
                    labelDecimals: 0
                    subTickCount: 0
                }
                BarSeries {
                    objectName: "loadSeries"
                    barsType: BarSeries.BarsType.Stacked
                    barWidth: 0.6
                    BarSet {
                        objectName: "activeSet"
                        label: "Has room"
                        color: root.chartData.colors.active
                        borderWidth: 0
                        values: root.chartData.activeJobs
                    }
                    BarSet {
                        objectName: "fullSet"
                        label: "At capacity"
                        color: root.chartData.colors.full
                        borderWidth: 0
                        values: root.chartData.fullJobs
                    }
                }
                LineSeries {
                    id: capacityLine
                    objectName: "capacityLine"
                    name: "Capacity limit"
                    color: root.chartData.colors.capacity
                    width: 2
                    strokeStyle: LineSeries.StrokeStyle.DashLine
                    // An XYPoint's y does not follow a binding, so the two end points are placed again on change.
                    function place() {
                        clear()
                        if (root.chartData.capacity > 0) {
                            append(0, root.chartData.capacity)
                            append(Math.max(1, root.chartData.technicianNames.length), root.chartData.capacity)
                        }
                    }
                    Component.onCompleted: place()
                }
                Connections {
                    target: root.chartData
                    function onChanged() { capacityLine.place() }
                }
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "completedPanel"
            title: root.chartData.completedTitle
            subtitle: root.chartData.periodText
            legend: [{label: "Appointments", color: root.chartData.colors.appointments},
                     {label: "Callbacks", color: root.chartData.colors.callbacks}]
            emptyText: root.chartData.completedTotal ? "" : "Nothing completed in this period"

            GraphsView {
                objectName: "completedChart"
                anchors.fill: parent
                marginLeft: 4
                marginRight: 18
                theme: ShopTheme { chartData: root.chartData }
                axisX: BarCategoryAxis {
                    categories: root.chartData.completedLabels
                    gridVisible: false
                    // Every bar keeps its own unique label; only some are printed so they do not overlap.
                    labelDelegate: Text {
                        opacity: root.chartData.completedShownLabels.indexOf(text) >= 0 ? 1 : 0
                    }
                }
                axisY: ValueAxis {
                    max: root.chartData.completedAxisMax
                    labelsVisible: root.chartData.completedTotal > 0
                    tickInterval: root.chartData.completedAxisStep
                    labelDecimals: 0
                    subTickCount: 0
                }
                BarSeries {
                    objectName: "completedSeries"
                    barsType: BarSeries.BarsType.Stacked
                    barWidth: 0.7
                    BarSet {
                        objectName: "appointmentsSet"
                        label: "Appointments"
                        color: root.chartData.colors.appointments
                        borderWidth: 0
                        values: root.chartData.completedAppointments
                    }
                    BarSet {
                        objectName: "callbacksSet"
                        label: "Callbacks"
                        color: root.chartData.colors.callbacks
                        borderWidth: 0
                        values: root.chartData.completedCallbacks
                    }
                }
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "averagePanel"
            title: "Average time per job"
            subtitle: "start to completion, in hours · " + root.chartData.periodText
            legend: [{label: "Hours per job", color: root.chartData.colors.average}]
            emptyText: root.chartData.averageJobs ? "" : "No finished work in this period"

            GraphsView {
                id: averageChart
                objectName: "averageChart"
                anchors.fill: parent
                marginLeft: 4
                marginRight: 14
                theme: ShopTheme { chartData: root.chartData }
                axisX: BarCategoryAxis {
                    categories: root.chartData.averageNames
                    gridVisible: false
                    // Slanted names when they would not fit side by side
                    labelsAngle: averageChart.width / Math.max(1, categories.length) < 64 ? -45 : 0
                }
                axisY: ValueAxis {
                    max: root.chartData.averageAxisMax
                    labelsVisible: root.chartData.averageJobs > 0
                    tickInterval: root.chartData.averageAxisStep
                    labelDecimals: root.chartData.averageAxisStep < 1 ? 1 : 0
                    subTickCount: 0
                }
                BarSeries {
                    objectName: "averageSeries"
                    barWidth: 0.6
                    labelsVisible: averageChart.width / Math.max(1, root.chartData.averageNames.length) >= 44
                    labelsPosition: BarSeries.LabelsPosition.InsideEnd
                    labelsPrecision: 1
                    BarSet {
                        objectName: "averageSet"
                        label: "Hours per job"
                        color: root.chartData.colors.average
                        labelColor: "white"
                        borderWidth: 0
                        values: root.chartData.averageHours
                    }
                }
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "callbackPanel"
            title: "Callbacks by priority and status"
            subtitle: root.chartData.periodText + " · and older ones still open"
            legend: root.chartData.callbackLegend
            emptyText: root.chartData.callbackTotal ? "" : "No callbacks in this period"

            GraphsView {
                objectName: "callbackChart"
                anchors.fill: parent
                marginLeft: 4
                marginRight: 8
                theme: ShopTheme { chartData: root.chartData }
                axisX: BarCategoryAxis {
                    categories: root.chartData.priorityLabels
                    gridVisible: false
                }
                axisY: ValueAxis {
                    max: root.chartData.callbackAxisMax
                    labelsVisible: root.chartData.callbackTotal > 0
                    tickInterval: root.chartData.callbackAxisStep
                    labelDecimals: 0
                    subTickCount: 0
                }
                BarSeries {
                    objectName: "callbackSeries"
                    barsType: BarSeries.BarsType.Stacked
                    barWidth: 0.6
                    // An edge 40 % darker than the fill, as on the badges: a pale segment stays visible on white.
                    BarSet { objectName: "pendingSet"; label: "Pending"; borderWidth: 1
                             color: root.chartData.colors.pending; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.pending }
                    BarSet { objectName: "openSet"; label: "Open"; borderWidth: 1
                             color: root.chartData.colors.open; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.open }
                    BarSet { objectName: "in_progressSet"; label: "In progress"; borderWidth: 1
                             color: root.chartData.colors.in_progress; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.in_progress }
                    BarSet { objectName: "resolvedSet"; label: "Resolved"; borderWidth: 1
                             color: root.chartData.colors.resolved; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.resolved }
                    BarSet { objectName: "closedSet"; label: "Closed"; borderWidth: 1
                             color: root.chartData.colors.closed; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.closed }
                    BarSet { objectName: "cancelledSet"; label: "Cancelled"; borderWidth: 1
                             color: root.chartData.colors.cancelled; borderColor: Qt.darker(color, 1.4)
                             values: root.chartData.callbackCounts.cancelled }
                }
            }
        }
    }
}
