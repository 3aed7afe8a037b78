import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import { Axis, Canvas as ChartCanvas, Chart, Legend, Line, jsx } from '@antv/f2'
import type { Dashboard } from '@/core/api'
import { formatPercent } from '@/core/coverage'
import { chineseDay } from '@/core/dailyReport'
import './TrendChart.css'

type Trend = Dashboard['trend']

const CANVAS_ID = 'trend-chart-canvas'
/** In screen pixels (F2 halves sizes given as '…px' strings, which are in 750-wide design units). */
const LABEL_SIZE = 16
const SERIES = { appCoverage: '注册率', visitCoverage: '走访覆盖率' } as const

/** The trend in F2's long form: one row per day and series, values as shares in [0, 1]. */
export function trendSeries(trend: Trend): Array<{ date: string; series: string; value: number }> {
  return trend.flatMap((point) => [
    { date: point.date, series: SERIES.appCoverage, value: point.appCoverage },
    { date: point.date, series: SERIES.visitCoverage, value: point.visitCoverage }
  ])
}

/** F2's element factory, loosely typed: its typings want every component's required props on the element type. */
const element = (type: unknown, props: Record<string, unknown>) => jsx(type as Parameters<typeof jsx>[0], props)

/** The chart in F2's element tree (F2 renders its own JSX; the function form keeps React's JSX for Taro). */
function chartElement(trend: Trend, context: CanvasRenderingContext2D, size: { width: number; height: number; pixelRatio: number }) {
  return element(ChartCanvas, {
    context,
    ...size,
    animate: false,
    children: element(Chart, {
      data: trendSeries(trend),
      scale: {
        date: { type: 'timeCat', tickCount: 4, mask: 'M/D' },
        value: { min: 0, max: 1, tickCount: 5, formatter: (value: number) => `${Math.round(value * 100)}%` }
      },
      children: [
        // 'between': the first date label starts at its tick and the last ends at its own, where centred
        // labels would hang half outside the plot and the last be cut off at the canvas' right edge.
        element(Axis, { field: 'date', style: { label: { fontSize: LABEL_SIZE, align: 'between' } } }),
        element(Axis, { field: 'value', style: { label: { fontSize: LABEL_SIZE } } }),
        element(Line, { x: 'date', y: 'value', color: { field: 'series', range: ['#1677ff', '#fa8c16'] }, style: { lineWidth: 2 } }),
        element(Legend, { position: 'top', nameStyle: { fontSize: LABEL_SIZE } })
      ]
    })
  })
}

/**
 * Draws on the 2d canvas node once it is laid out (a weapp canvas node, or H5's <canvas> inside Taro's
 * Canvas), at the screen's pixel ratio so lines stay sharp. Answers the chart to destroy, or null when
 * the platform gave no canvas (the text line above still tells the latest figures).
 */
function drawTrend(trend: Trend, onChart: (chart: ChartCanvas) => void): void {
  Taro.createSelectorQuery()
    .select(`#${CANVAS_ID}`)
    .node()
    .select(`#${CANVAS_ID}`)
    .boundingClientRect()
    .exec((results: Array<{ node?: unknown } | undefined> | undefined) => {
      const canvas = results?.[0]?.node as (HTMLCanvasElement & { getContext(kind: '2d'): CanvasRenderingContext2D }) | undefined
      const rect = results?.[1] as { width: number; height: number } | undefined
      const context = canvas?.getContext('2d')
      if (!canvas || !context || !rect || rect.width === 0) return
      const pixelRatio = Taro.getSystemInfoSync().pixelRatio
      canvas.width = rect.width * pixelRatio
      canvas.height = rect.height * pixelRatio
      const { props } = chartElement(trend, context, { width: rect.width, height: rect.height, pixelRatio })
      const chart = new ChartCanvas(props)
      chart.render()
      onChart(chart)
    })
}

/**
 * 趋势: the region's app and visit coverage per day (the dashboard's `trend`, from daily snapshots), drawn
 * with F2 on weapp and H5 alike, with the latest day's figures in words.
 */
export function TrendChart({ trend }: { trend: Trend }) {
  useEffect(() => {
    if (trend.length < 2) return undefined
    let chart: ChartCanvas | null = null
    let gone = false
    Taro.nextTick(() =>
      drawTrend(trend, (drawn) => {
        if (gone) drawn.destroy()
        else chart = drawn
      })
    )
    return () => {
      gone = true
      chart?.destroy()
    }
  }, [trend])

  const latest = trend.at(-1)
  return (
    <View className='trend-chart'>
      {latest ? (
        <View className='trend-chart-latest'>
          {chineseDay(latest.date)}：注册率{formatPercent(latest.appCoverage)}，走访覆盖率{formatPercent(latest.visitCoverage)}，达标{latest.certified}个
        </View>
      ) : (
        <View className='muted'>暂无趋势数据（每日统计一次）</View>
      )}
      {trend.length >= 2 && <Canvas type='2d' id={CANVAS_ID} className='trend-chart-canvas' />}
    </View>
  )
}
