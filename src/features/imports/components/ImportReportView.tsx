import { View } from '@tarojs/components'
import type { ImportReport } from '@/core/imports'
import { duplicateText } from '../types'
import './ImportReportView.css'

/** The dry-run report: counts, then every row that will not be imported and why. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const problems = report.rows.filter((row) => row.status !== 'accepted')
  return (
    <View className='section import-report'>
      <View className='section-title'>检查结果</View>
      <View className='import-counts'>
        <Count label='新户' value={report.households.new} />
        <Count label='可导入成员' value={report.members.accepted} />
        <Count label='重复' value={report.members.duplicates} />
        <Count label='有错误' value={report.members.rejected} />
      </View>
      {report.households.existing > 0 && <View className='muted'>另有 {report.households.existing} 户已登记，将补充成员</View>}
      {report.ignoredColumns.length > 0 && <View className='muted'>未读取的列：{report.ignoredColumns.join('、')}</View>}
      {problems.length > 0 && (
        <View className='import-problems'>
          {problems.map((row) =>
            row.status === 'error' ? (
              (row.errors ?? []).map((cell, index) => (
                <View key={`${row.row}-${index}`} className='import-problem import-problem-error'>
                  第{row.row}行 {cell.column}：{cell.message}
                </View>
              ))
            ) : (
              <View key={row.row} className='import-problem import-problem-duplicate'>
                第{row.row}行 重复：{duplicateText(row)}（{row.householdKey}）
              </View>
            )
          )}
        </View>
      )}
    </View>
  )
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <View className='import-count'>
      <View className='import-count-value'>{value}</View>
      <View className='muted'>{label}</View>
    </View>
  )
}
