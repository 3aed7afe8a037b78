import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import './index.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

interface Section {
  title: string
  items: string[]
}

/** 用户隐私保护指引 in short (PIPL: what, why, who, how protected, your rights, whom to ask). */
const SECTIONS: Section[] = [
  {
    title: '一、我们收集哪些信息',
    items: [
      '网格员入户登记：家庭成员的姓名、性别、出生年份（不收集完整出生日期）、与户主关系、有无智能手机、是否外出务工或上学及外出地点、重点人群类别（如独居老人、学生）。',
      '国家反诈中心APP情况：是否安装、是否完成实名注册、是否开启来电预警、APP中选择的常驻地区，以及核实方式（本人申报、截图核实或当面核实）。',
      '手机号为选填项，仅在需要联系时登记；身份证号默认不收集，只在法律法规明确要求的情形下登记。',
      '居民自助登记时：您选择的家庭成员、填报的APP状态，以及您自愿上传的APP截图。',
      '微信登录时，我们只获取用于识别身份的微信标识，不获取您的昵称、头像、位置或通讯录。'
    ]
  },
  {
    title: '二、为什么收集',
    items: [
      '用于开展“无诈社区（无诈村）”创建工作：入户宣传反诈知识，帮助居民安装注册国家反诈中心APP、开启来电预警，统计注册率和入户宣传覆盖率，并找出需要重点关注的老人、学生等人群。',
      '这些信息不用于商业营销，不向无关单位或个人提供，不强制下载、不要求打卡。'
    ]
  },
  {
    title: '三、谁能看到',
    items: [
      '负责您所在网格的网格员、所在村（社区）的管理员，可以查看本辖区各户的登记信息。',
      '乡镇（街道）及以上的工作人员主要查看统计数字；查看个人信息时姓名、手机号等均经过遮挡。',
      '各村社区的排名只提供给工作人员，不对外公开。'
    ]
  },
  {
    title: '四、我们如何保护',
    items: [
      '姓名在不需要完整显示的地方显示为“张*明”，手机号显示为“138****1234”，身份证号遮挡显示。',
      '手机号和身份证号加密保存；查看完整号码须有相应权限，并留有记录。',
      '每一次修改和导出都会写入不可篡改的操作日志；日志中不记录手机号和身份证号。',
      '您上传的截图在审核完成并经过保存期限后删除。'
    ]
  },
  {
    title: '五、您的权利',
    items: [
      '您可以查询、更正或删除本人及家庭成员的登记信息，也可以撤回同意；撤回同意不影响您继续使用本小程序的其他功能。',
      '您可以拒绝安装APP或拒绝提供选填信息，网格员会如实记录，不会强迫。'
    ]
  },
  {
    title: '六、如何联系我们',
    items: [
      '对个人信息的处理有疑问、意见或投诉，请联系负责您所在网格的网格员或所在村（社区）居委会，也可以向所在乡镇（街道）反诈工作专班反映。我们将在15个工作日内答复。',
      '如遇可疑电话、短信或转账要求，请立即拨打110报警，或拨打96110反诈预警劝阻专线咨询。'
    ]
  }
]

export default function PrivacyPage() {
  return (
    <View className='page privacy'>
      <View className='privacy-intro'>
        “无诈社区”小程序由所在乡镇（街道）和村（社区）用于反电信网络诈骗宣传与登记工作。我们按照《中华人民共和国个人信息保护法》的要求，只收集开展工作所必需的最少信息。
      </View>
      {SECTIONS.map((section) => (
        <View key={section.title} className='section'>
          <View className='section-title'>{section.title}</View>
          {section.items.map((item) => (
            <View key={item} className='privacy-item'>
              <Text>{item}</Text>
            </View>
          ))}
        </View>
      ))}
      {IS_WEAPP && (
        <View className='privacy-full tappable link' onClick={() => void Taro.openPrivacyContract({})}>
          查看完整版《用户隐私保护指引》
        </View>
      )}
    </View>
  )
}
