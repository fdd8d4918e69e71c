import type { FeatureMessages } from '~/app/types'

export default {
  'zh-CN': {
    kiosk: {
      idle: {
        title: '您还在使用吗？',
        desc: '为保护您的个人信息，{n} 秒后将清除本次填写的内容并回到首页。如果还要继续，请点“继续使用”。',
        stay: '继续使用',
        secondsLeft: '还剩 {n} 秒',
      },
      link: {
        title: '这个链接在本机上打不开',
        desc: '自助终端不能打开其他网站。请用手机扫描下面的二维码查看。',
        scan: '扫码在手机上打开',
        close: '关闭',
      },
      settings: {
        title: '自助终端设置',
        intro: '仅供工作人员使用。开启后，本设备成为自助终端：无人操作一段时间后会提示，随后清除本次填写的内容并回到首页。',
        notPersisted: '浏览器没有为本设备授予持久存储。存储空间紧张时，离线数据和未提交的申请可能被浏览器删除。请在浏览器设置中允许本站持久存储，或将本应用安装到设备上。',
        enterPin: '请输入工作人员密码',
        createPin: '设置工作人员密码',
        createPinHint: '本设备还没有工作人员密码。请设置 6 到 12 位数字，之后修改本页设置时需要输入。',
        pin: '密码（数字）',
        pinAgain: '再次输入密码',
        unlock: '解锁',
        savePin: '保存密码',
        device: '本设备',
        enabled: '自助终端模式',
        idleSeconds: '无人操作多少秒后提示',
        idleHint: '{min} 到 {max} 秒。提示出现后还有 {n} 秒可以选择继续使用。',
        save: '保存设置',
        saved: '设置已保存。',
        error: {
          wrong: '密码不正确。',
          invalid: '密码须为 6 到 12 位数字。',
          mismatch: '两次输入的密码不一致。',
          locked: '错误次数过多，请一分钟后再试。',
        },
      },
    },
  },
  'en': {
    kiosk: {
      idle: {
        title: 'Are you still there?',
        desc: 'To protect your personal information, in {n} seconds what you entered will be cleared and the screen will return home. To carry on, tap “Keep using”.',
        stay: 'Keep using',
        secondsLeft: '{n} seconds left',
      },
      link: {
        title: 'This link cannot open on this screen',
        desc: 'The kiosk cannot open other websites. Scan the QR code with your phone to view it.',
        scan: 'Scan to open on your phone',
        close: 'Close',
      },
      settings: {
        title: 'Kiosk settings',
        intro: 'For staff only. When on, this device is a public kiosk: after a while with nobody using it, it asks, then clears what was entered and returns home.',
        notPersisted: 'The browser did not grant persistent storage to this device. Under storage pressure it may delete offline data and unsent applications. Allow persistent storage for this site in the browser settings, or install the app.',
        enterPin: 'Enter the staff PIN',
        createPin: 'Set a staff PIN',
        createPinHint: 'This device has no staff PIN yet. Choose 6 to 12 digits; it will be asked for whenever these settings change.',
        pin: 'PIN (digits)',
        pinAgain: 'PIN again',
        unlock: 'Unlock',
        savePin: 'Save PIN',
        device: 'This device',
        enabled: 'Kiosk mode',
        idleSeconds: 'Seconds without a touch before asking',
        idleHint: '{min} to {max} seconds. After the question appears, people have {n} more seconds to keep using.',
        save: 'Save settings',
        saved: 'Settings saved.',
        error: {
          wrong: 'Wrong PIN.',
          invalid: 'The PIN must be 6 to 12 digits.',
          mismatch: 'The two PINs differ.',
          locked: 'Too many wrong tries. Try again in a minute.',
        },
      },
    },
  },
} satisfies FeatureMessages
