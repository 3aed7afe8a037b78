import type { DemoRandom } from './random'

/**
 * Synthetic Chinese names for the demo: common surnames (weighted roughly as in southern Shanxi) and
 * given names typical of the decade a person was born in, so a grandmother is 桂兰 and a grandson 子轩.
 */
const SURNAME_WEIGHTS = {
  王: 12, 李: 10, 张: 9, 刘: 8, 陈: 5, 杨: 5, 赵: 5, 郭: 6, 贾: 4, 薛: 3, 黄: 2, 周: 3, 吴: 2,
  孙: 3, 马: 3, 段: 2, 卫: 2, 梁: 2, 范: 2, 韩: 2, 宋: 2, 高: 3, 任: 2, 畅: 1, 乔: 2, 柴: 1, 申: 1
} as const
export type Surname = keyof typeof SURNAME_WEIGHTS

type Cohort = 'before1960' | 'sixtiesSeventies' | 'eightiesNineties' | 'after2005'
type Sex = 'male' | 'female'

const GIVEN_NAMES: Record<Cohort, Record<Sex, ReadonlyArray<string>>> = {
  before1960: {
    male: ['建国', '国庆', '拴柱', '满仓', '根旺', '福生', '保平', '德明', '金锁', '振华', '全福', '天才', '来福', '双喜', '长生', '有才'],
    female: ['秀英', '桂兰', '玉兰', '淑珍', '凤英', '桂香', '翠花', '秀兰', '月娥', '金梅', '爱莲', '巧云', '玉梅', '改莲', '桂英', '兰英']
  },
  sixtiesSeventies: {
    male: ['建华', '志强', '海军', '晋平', '卫东', '永刚', '俊峰', '宏伟', '小军', '文斌', '晓东', '海峰', '红军', '晋生', '建平', '国强'],
    female: ['丽娟', '红梅', '晓燕', '丽萍', '艳红', '春燕', '海霞', '晋芳', '秀芳', '彩霞', '慧敏', '丽霞', '红霞', '俊英', '晓红', '燕萍']
  },
  eightiesNineties: {
    male: ['鹏飞', '磊', '浩', '伟', '晨阳', '一鸣', '俊杰', '帅', '鑫', '博文', '亚军', '斌', '凯', '晋超', '宇', '龙'],
    female: ['婷婷', '静', '佳慧', '雪', '倩', '晓琳', '欣悦', '思雨', '璐', '丹', '娜', '敏', '晶晶', '瑶', '蕾', '楠']
  },
  after2005: {
    male: ['子轩', '浩然', '宇航', '梓豪', '一诺', '俊熙', '子豪', '沐阳', '锦程', '奕辰', '皓轩', '思远'],
    female: ['梓涵', '欣怡', '子涵', '雨萱', '诗琪', '梦瑶', '若汐', '可馨', '语桐', '佳怡', '思琪', '艺涵']
  }
}

function cohortOf(birthYear: number): Cohort {
  if (birthYear < 1960) return 'before1960'
  if (birthYear < 1980) return 'sixtiesSeventies'
  if (birthYear < 2005) return 'eightiesNineties'
  return 'after2005'
}

export function pickSurname(random: DemoRandom, except?: Surname): Surname {
  for (;;) {
    const surname = random.weighted(SURNAME_WEIGHTS)
    if (surname !== except) return surname
  }
}

/** A full name not already used in the household (two 秀英 under one roof would confuse the list). */
export function pickName(random: DemoRandom, surname: Surname, sex: Sex, birthYear: number, taken: Set<string>): string {
  const pool = GIVEN_NAMES[cohortOf(birthYear)][sex]
  for (const given of random.sample(pool, pool.length)) {
    const name = `${surname}${given}`
    if (!taken.has(name)) {
      taken.add(name)
      return name
    }
  }
  throw new Error(`no free ${sex} name for ${surname} born ${birthYear}`)
}
