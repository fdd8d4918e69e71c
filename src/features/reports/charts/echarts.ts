/**
 * The only module that imports ECharts, and only ever through a dynamic import from ReportChart:
 * pages without charts never load it. echarts/core with just bar and line charts, the components
 * they use, aria (generated descriptions for screen readers) and the SVG renderer (crisp in print,
 * and smaller than canvas on a phone).
 */
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

export { echarts }
