// The charts' look in the system palette's colours (light or dark), from the ChartData it is given.
import QtQml
import QtGraphs

GraphsTheme {
    id: shopTheme
    required property QtObject chartData  // chart_data.py's ChartData: colours
    colorScheme: shopTheme.chartData.dark ? GraphsTheme.ColorScheme.Dark : GraphsTheme.ColorScheme.Light
    theme: GraphsTheme.Theme.UserDefined
    backgroundVisible: false
    plotAreaBackgroundVisible: false
    labelTextColor: shopTheme.chartData.textColor
    axisXLabelFont.pixelSize: 11
    axisYLabelFont.pixelSize: 11
    grid.mainColor: shopTheme.chartData.gridColor
    grid.subColor: shopTheme.chartData.gridColor
    axisX.mainColor: shopTheme.chartData.borderColor
    axisX.labelTextColor: shopTheme.chartData.textColor
    axisY.mainColor: shopTheme.chartData.borderColor
    axisY.labelTextColor: shopTheme.chartData.textColor
}
