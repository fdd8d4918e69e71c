import type { FeatureMessages } from '~/app/types'

export default {
  'zh-CN': {
    reports: {
      title: '政府信息公开工作年度报告',
      reportTitle: '年度报告',
      yearCovered: '{year}年度',
      publishedAt: '发布于 {date}',
      notFound: '本机没有这份报告',
      notFoundHint: '这份报告可能尚未下载。联网后将自动更新。',
    },
  },
  'en': {
    reports: {
      title: 'Annual disclosure reports',
      reportTitle: 'Annual report',
      yearCovered: 'Year {year}',
      publishedAt: 'Published {date}',
      notFound: 'This report is not on this device',
      notFoundHint: 'It may not have been downloaded yet. It will update when you are online.',
    },
  },
} satisfies FeatureMessages
