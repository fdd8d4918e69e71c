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
    },
  },
}
