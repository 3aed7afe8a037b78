import Taro from '@tarojs/taro'
import { useRef } from 'react'
import { View } from '@tarojs/components'
import { Button, Radio } from '@nutui/nutui-react-taro'
import { useSession } from '@/hooks/useSession'
import { useRosterImport } from '@/features/imports/hooks/useRosterImport'
import { ImportReportView } from '@/features/imports/components/ImportReportView'
import { PAGES } from '@/routes'

export default function ImportPage() {
  const session = useSession()
  const roster = useRosterImport(session?.user ?? null)
  const { grids, gridId, file, report, result, error, busy } = roster
  const fileInput = useRef<HTMLInputElement | null>(null)

  const chooseFile = () => {
    if (process.env.TARO_ENV === 'h5') fileInput.current?.click()
    else void roster.choose()
  }

  return (
    <View className='page'>
      <View className='section'>
        <View className='section-title'>1. 下载模板</View>
        <View className='muted'>按模板“住户名单”表填写，同一地址的多行为同一户；不要填写身份证号。</View>
        <Button block loading={busy === 'template'} onClick={() => void roster.template()}>
          下载模板
        </Button>
      </View>

      {grids.length > 0 && (
        <View className='section'>
          <View className='section-title'>导入到网格</View>
          <Radio.Group
            direction='horizontal'
            shape='button'
            value={gridId}
            options={grids.map((grid) => ({ value: grid.id, label: grid.name }))}
            onChange={(value) => roster.selectGrid(String(value))}
          />
        </View>
      )}

      <View className='section'>
        <View className='section-title'>2. 选择文件</View>
        <View className='muted import-file-name'>{file ? file.name : '尚未选择文件（.xlsx）'}</View>
        <Button block onClick={chooseFile}>
          选择文件
        </Button>
        {process.env.TARO_ENV === 'h5' && (
          <input
            ref={fileInput}
            type='file'
            accept='.xlsx'
            style={{ display: 'none' }}
            onChange={(event) => {
              const picked = event.target.files?.[0]
              if (picked) roster.pickFile({ name: picked.name, file: picked })
              event.target.value = ''
            }}
          />
        )}
      </View>

      {error && <View className='section error-text import-error'>{error}</View>}

      {!result && (
        <View className='actions'>
          <Button type='primary' block disabled={!file || !gridId || busy !== null} loading={busy === 'check'} onClick={() => void roster.check()}>
            检查
          </Button>
        </View>
      )}

      {report && !result && <ImportReportView report={report} />}

      {report && !result && report.members.accepted > 0 && (
        <View className='actions'>
          <Button type='primary' block disabled={busy !== null} loading={busy === 'import'} onClick={() => void roster.confirm()}>
            确认导入
          </Button>
        </View>
      )}

      {result && (
        <View className='section import-done'>
          <View className='section-title'>
            已导入 {result.members.accepted} 人（{result.households.new} 户）
          </View>
          {result.households.existing > 0 && <View className='muted'>其中 {result.households.existing} 户为已登记户补充成员</View>}
          <Button type='primary' block onClick={() => Taro.redirectTo({ url: PAGES.households })}>
            返回户列表
          </Button>
        </View>
      )}
    </View>
  )
}
