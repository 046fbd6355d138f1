// The workload tab's estimates and deadline charts: how the estimates held, how full the coming fortnight
// is, and how many callback deadlines were kept. Every number, label and colour comes from `chartData`
// (repair_desktop/ui/workload/chart_data.py and analytics_values.py); this file only says how they look.
import QtQuick
import QtQuick.Layouts
import QtGraphs

Rectangle {
    id: root
    required property QtObject chartData
    color: chartData.backgroundColor

    // Bars of two series side by side over category labels, on a value axis from 0.
    component PairChart: GraphsView {
        id: pair
        property var categories: []
        property var shownLabels: null      // null: print every label; else only these
        property bool slanted: false        // names that may not fit side by side
        property real axisMax: 1
        property real axisStep: 1
        property bool hasData: false
        property string suffix: ""
        property alias first: firstSet
        property alias second: secondSet
        anchors.fill: parent
        marginLeft: 4
        marginRight: 12
        theme: ShopTheme { chartData: root.chartData }
        axisX: BarCategoryAxis {
            categories: pair.categories
            gridVisible: false
            labelsAngle: pair.slanted && pair.width / Math.max(1, pair.categories.length) < 64 ? -45 : 0
            labelDelegate: Text {
                opacity: pair.shownLabels === null || pair.shownLabels.indexOf(text) >= 0 ? 1 : 0
            }
        }
        axisY: ValueAxis {
            max: pair.axisMax
            labelsVisible: pair.hasData
            tickInterval: pair.axisStep
            labelDecimals: pair.axisStep < 1 ? 1 : 0
            labelFormat: "%." + (pair.axisStep < 1 ? 1 : 0) + "f" + pair.suffix
            subTickCount: 0
        }
        BarSeries {
            barWidth: 0.75
            BarSet { id: firstSet; borderWidth: 0 }
            BarSet { id: secondSet; borderWidth: 0 }
        }
    }

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
            objectName: "efficiencyPanel"
            title: "Estimates against time taken"
            subtitle: "hours of completed jobs · " + root.chartData.efficiencyTeam + root.chartData.periodText
            legend: [{label: "Estimated", color: root.chartData.colors.estimated},
                     {label: "Took (start to completion)", color: root.chartData.colors.took}]
            emptyText: root.chartData.efficiencyJobs ? "" : "No timed jobs completed in this period"

            PairChart {
                objectName: "efficiencyChart"
                categories: root.chartData.efficiencyNames
                slanted: true
                axisMax: root.chartData.efficiencyAxisMax
                axisStep: root.chartData.efficiencyAxisStep
                hasData: root.chartData.efficiencyJobs > 0
                first.objectName: "estimatedSet"
                first.label: "Estimated"
                first.color: root.chartData.colors.estimated
                first.values: root.chartData.efficiencyEstimated
                second.objectName: "tookSet"
                second.label: "Took"
                second.color: root.chartData.colors.took
                second.values: root.chartData.efficiencyTook
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "fortnightPanel"
            title: "Booked hours, next 14 days"
            subtitle: root.chartData.fortnightSummary
                      ? "the whole shop · " + root.chartData.fortnightSummary : "the whole shop"
            legend: [{label: "Available", color: root.chartData.colors.available},
                     {label: "Booked", color: root.chartData.colors.booked}]
            emptyText: root.chartData.fortnightEmpty

            PairChart {
                objectName: "fortnightChart"
                categories: root.chartData.fortnightLabels
                shownLabels: root.chartData.fortnightShownLabels
                axisMax: root.chartData.fortnightAxisMax
                axisStep: root.chartData.fortnightAxisStep
                hasData: root.chartData.fortnightEmpty === ""
                first.objectName: "availableSet"
                first.label: "Available"
                first.color: root.chartData.colors.available
                first.values: root.chartData.fortnightAvailable
                second.objectName: "bookedSet"
                second.label: "Booked"
                second.color: root.chartData.colors.booked
                second.values: root.chartData.fortnightBooked
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "onTimePanel"
            title: root.chartData.onTimeTitle
            subtitle: (root.chartData.onTimeSummary ? root.chartData.onTimeSummary + " · " : "")
                      + root.chartData.periodText
            legend: [{label: "Picked up on time", color: root.chartData.colors.respond},
                     {label: "Resolved on time", color: root.chartData.colors.resolve}]
            emptyText: root.chartData.onTimeSettled ? "" : "No callback deadlines fell in this period"

            PairChart {
                objectName: "onTimeChart"
                categories: root.chartData.onTimeLabels
                shownLabels: root.chartData.onTimeShownLabels
                axisMax: 100
                axisStep: 25
                suffix: " %"
                hasData: root.chartData.onTimeSettled > 0
                first.objectName: "respondSet"
                first.label: "Picked up on time"
                first.color: root.chartData.colors.respond
                first.values: root.chartData.onTimeRespond
                second.objectName: "resolveSet"
                second.label: "Resolved on time"
                second.color: root.chartData.colors.resolve
                second.values: root.chartData.onTimeResolve
            }
        }

        ChartPanel {
            chartData: root.chartData
            objectName: "onTimeTechPanel"
            title: "Callbacks on time per technician"
            subtitle: "share of the deadlines of the callbacks each one holds · " + root.chartData.periodText
            legend: [{label: "Picked up on time", color: root.chartData.colors.respond},
                     {label: "Resolved on time", color: root.chartData.colors.resolve}]
            emptyText: root.chartData.onTimeSettled ? "" : "No callback deadlines fell in this period"

            PairChart {
                objectName: "onTimeTechChart"
                categories: root.chartData.onTimeNames
                slanted: true
                axisMax: 100
                axisStep: 25
                suffix: " %"
                hasData: root.chartData.onTimeSettled > 0
                first.objectName: "techRespondSet"
                first.label: "Picked up on time"
                first.color: root.chartData.colors.respond
                first.values: root.chartData.onTimeTechRespond
                second.objectName: "techResolveSet"
                second.label: "Resolved on time"
                second.color: root.chartData.colors.resolve
                second.values: root.chartData.onTimeTechResolve
            }
        }
    }
}
