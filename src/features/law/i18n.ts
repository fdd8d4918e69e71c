/** Strings of the law feature: the 告知书 print view, the fee calculator, placeholders left in a letter. */
export default {
  'zh-CN': {
    law: {
      letter: {
        title: '答复告知书',
        print: '打印告知书',
        printView: '打印告知书（仅告知书）',
        back: '返回案件',
        none: '该申请尚未答复，没有可打印的告知书。',
        placeholders: '告知书中还有待填写的内容：{list}',
      },
      art35: {
        text: '请申请人说明理由（第三十五条，发送的内容）',
        dueDate: '延迟答复的合理期限（应晚于法定期限 {due}）',
        reason: '确定合理期限的理由',
        sentText: '要求说明理由：',
        sentPeriod: '答复期限确定为 {date}（第三十五条）',
        clock: '（依第三十五条确定的合理期限；法定期限为 {date}）',
      },
      fee: {
        title: '信息处理费计算（国办函〔2020〕109号）',
        method: '计费方式（每件申请只选一种）',
        nthInMonth: '该申请人本月向本机关提出的第几件申请',
        counted: '按系统统计，这是该申请人{month}向本机关提出的第 {n} 件申请。',
        pages: '页数',
        reduction: '减免金额（元）',
        reductionReason: '减免理由',
        computed: '按标准应收 {yuan} 元；低于标准的不收费。',
      },
    },
  },
  'en': {
    law: {
      letter: {
        title: 'Reply letter',
        print: 'Print the letter',
        printView: 'Print the letter (letter only)',
        back: 'Back to the case',
        none: 'This application has not been answered yet: there is no letter to print.',
        placeholders: 'The letter still has parts to fill in: {list}',
      },
      art35: {
        text: 'Ask the applicant for reasons (Art. 35, the text sent)',
        dueDate: 'Longer reasonable reply date (after the statutory {due})',
        reason: 'Why this period',
        sentText: 'Reasons asked for: ',
        sentPeriod: 'Reply date set to {date} (Art. 35)',
        clock: '(a longer reasonable period under Art. 35; the statutory date was {date})',
      },
      fee: {
        title: 'Information-processing fee (国办函〔2020〕109号)',
        method: 'Method (one per application)',
        nthInMonth: 'This is the applicant\'s n-th application to this agency this month',
        counted: 'By the system\'s count, this is the applicant\'s application no. {n} to this agency in {month}.',
        pages: 'Pages',
        reduction: 'Reduction (yuan)',
        reductionReason: 'Reason for the reduction',
        computed: 'The schedule gives {yuan} yuan; below the thresholds no fee is charged.',
      },
    },
  },
}
