/**
 * Realistic generated support history for the triage evaluation: Chinese and English
 * tickets of an enterprise IT desk, written from templates with varied symptoms, products,
 * error codes, environments and filler; teams that mostly but not always follow the
 * category; impact and urgency told by cues that are sometimes missing. Deterministic per seed.
 */

export interface GeneratedTicket {
  language: 'zh' | 'en';
  subject: string;
  description: string;
  category: string;
  team: string;
  impact: 'high' | 'medium' | 'low';
  urgency: 'high' | 'medium' | 'low';
}

interface CategorySpec {
  path: string;
  team: string;
  /** Teams that also take these tickets now and then. */
  otherTeams: string[];
  zh: { subjects: string[]; symptoms: string[] };
  en: { subjects: string[]; symptoms: string[] };
  products: string[];
  codes: string[];
}

const CATEGORIES: CategorySpec[] = [
  {
    path: '硬件/打印机',
    team: '桌面支持',
    otherTeams: ['服务台一线'],
    zh: {
      subjects: ['打印机无法打印', '{p} 打印机卡纸', '打印任务一直排队', '打印出来全是乱码', '{p} 显示脱机'],
      symptoms: [
        '打印机面板显示 {c}',
        '打印队列里的任务删不掉',
        '纸张卡在进纸器',
        '打印出来有黑色条纹',
        '提示墨粉不足但刚换过',
      ],
    },
    en: {
      subjects: [
        'Printer not printing',
        '{p} paper jam',
        'Print jobs stuck in queue',
        'Printer shows offline',
        'Garbled printouts from {p}',
      ],
      symptoms: [
        'the panel shows {c}',
        'jobs cannot be deleted from the spooler',
        'paper keeps jamming in tray 2',
        'pages come out with black streaks',
        'toner low warning after replacing it',
      ],
    },
    products: ['HP LaserJet M404', 'Canon iR-ADV', 'Brother HL-L2350', 'Ricoh MP C3004'],
    codes: ['49.4C02', 'E-202', '13.B2', 'SC542'],
  },
  {
    path: '硬件/电脑',
    team: '桌面支持',
    otherTeams: ['服务台一线'],
    zh: {
      subjects: ['电脑蓝屏', '{p} 开不了机', '笔记本电池鼓包', '电脑运行很慢', '显示器没有信号'],
      symptoms: [
        '开机后蓝屏代码 {c}',
        '风扇声音很大然后自动关机',
        '按电源键没有反应',
        '打开 Excel 要等几分钟',
        '外接显示器黑屏',
      ],
    },
    en: {
      subjects: [
        'Laptop blue screen',
        '{p} will not boot',
        'Battery swollen',
        'Computer very slow',
        'Monitor has no signal',
      ],
      symptoms: [
        'blue screen with stop code {c}',
        'fan is loud and it shuts down',
        'nothing happens when I press power',
        'Excel takes minutes to open',
        'external display stays black',
      ],
    },
    products: ['ThinkPad X1', 'Dell Latitude 7420', 'HP EliteBook 840', 'MacBook Pro'],
    codes: ['0x0000007B', 'IRQL_NOT_LESS_OR_EQUAL', '0xC000021A', 'CRITICAL_PROCESS_DIED'],
  },
  {
    path: '网络/VPN',
    team: '网络组',
    otherTeams: ['安全组'],
    zh: {
      subjects: [
        'VPN 连接失败',
        '{p} 连不上公司内网',
        '远程接入经常断开',
        'VPN 登录后无法访问内网系统',
        '在家无法连接 VPN',
      ],
      symptoms: [
        '提示错误 {c}',
        '连接几分钟后自动断开',
        '认证通过后访问不了 OA',
        '输入动态口令后一直转圈',
        '换了网络也不行',
      ],
    },
    en: {
      subjects: [
        'VPN connection fails',
        '{p} cannot reach intranet',
        'VPN keeps disconnecting',
        'No intranet access over VPN',
        'Cannot connect to VPN from home',
      ],
      symptoms: [
        'error {c} appears',
        'it drops after a few minutes',
        'after login OA is unreachable',
        'spins forever after the token code',
        'same on another network',
      ],
    },
    products: ['Cisco AnyConnect', 'FortiClient', 'GlobalProtect', '深信服 EasyConnect'],
    codes: ['809', '691', '-14', 'SSL 4004'],
  },
  {
    path: '网络/Wi-Fi',
    team: '网络组',
    otherTeams: ['服务台一线'],
    zh: {
      subjects: [
        'Wi-Fi 信号弱',
        '无线网络经常掉线',
        '连不上访客 Wi-Fi',
        '{p} 无线网速很慢',
        '会议室没有网络',
      ],
      symptoms: [
        '信号只有一格',
        '每隔十分钟断一次',
        '认证页面打不开',
        '下载速度只有 100KB/s',
        'IP 地址获取失败 {c}',
      ],
    },
    en: {
      subjects: [
        'Weak Wi-Fi signal',
        'Wireless keeps dropping',
        'Cannot join guest Wi-Fi',
        'Slow wireless on {p}',
        'No network in meeting room',
      ],
      symptoms: [
        'only one bar of signal',
        'drops every ten minutes',
        'captive portal does not load',
        'downloads crawl at 100KB/s',
        'cannot get an IP address {c}',
      ],
    },
    products: ['Aruba AP-515', 'Cisco Meraki', 'H3C WA6320', 'Huawei AirEngine'],
    codes: ['169.254.x.x', 'DHCP timeout', 'auth failed 802.1X', 'WLAN-22'],
  },
  {
    path: '软件/邮箱',
    team: '应用支持',
    otherTeams: ['服务台一线'],
    zh: {
      subjects: [
        'Outlook 无法收发邮件',
        '邮箱空间已满',
        '{p} 一直提示输入密码',
        '邮件发不出去',
        '日历共享不了',
      ],
      symptoms: [
        '发送时报错 {c}',
        '收件箱不更新',
        '每次打开都要输入密码',
        '附件超过大小限制',
        '同事看不到我的日程',
      ],
    },
    en: {
      subjects: [
        'Outlook cannot send or receive',
        'Mailbox full',
        '{p} keeps asking for password',
        'Emails stuck in outbox',
        'Cannot share calendar',
      ],
      symptoms: [
        'sending fails with {c}',
        'inbox does not update',
        'password prompt every time',
        'attachment too large error',
        'colleagues cannot see my calendar',
      ],
    },
    products: ['Outlook 2021', 'Exchange Online', 'Foxmail', 'Outlook for Mac'],
    codes: ['0x800CCC0E', '0x8004210B', '550 5.7.1', '0x80040115'],
  },
  {
    path: '软件/财务系统',
    team: 'ERP 组',
    otherTeams: ['应用支持'],
    zh: {
      subjects: [
        '财务系统无法导出报表',
        '{p} 凭证保存报错',
        '月结跑不下去',
        '报销单审批卡住',
        '财务系统登录超时',
      ],
      symptoms: [
        '导出时报错 {c}',
        '点击保存没有反应',
        '插件更新后就不行了',
        '审批流停在部门经理',
        '登录页面一直转圈',
      ],
    },
    en: {
      subjects: [
        'Finance system cannot export reports',
        '{p} voucher save error',
        'Month-end close fails',
        'Expense approval stuck',
        'Finance system login timeout',
      ],
      symptoms: [
        'export fails with {c}',
        'save button does nothing',
        'broke since the plug-in update',
        'workflow stuck at manager step',
        'login page spins',
      ],
    },
    products: ['用友 U8', '金蝶 K/3', 'SAP FI', 'Oracle EBS'],
    codes: ['FIN-4012', 'ORA-01555', 'F5 201', 'GL-330'],
  },
  {
    path: '账号/密码',
    team: '服务台一线',
    otherTeams: ['身份管理'],
    zh: {
      subjects: ['忘记密码', '域账号被锁定', '重置 {p} 密码', '密码过期无法登录', '修改密码后手机收不到邮件'],
      symptoms: [
        '输错几次后账号锁了',
        '提示密码已过期',
        '自助重置收不到验证码',
        '改完密码后 Outlook 一直弹窗',
        '登录提示 {c}',
      ],
    },
    en: {
      subjects: [
        'Forgot my password',
        'Domain account locked',
        'Reset {p} password',
        'Password expired cannot log in',
        'Phone mail stopped after password change',
      ],
      symptoms: [
        'account locked after a few tries',
        'says password expired',
        'self-service reset sends no code',
        'Outlook prompts since the change',
        'login shows {c}',
      ],
    },
    products: ['AD 域账号', 'ERP', 'VPN', '企业微信'],
    codes: ['0xC000006D', 'account locked 775', 'AADSTS50126', 'LDAP 49'],
  },
  {
    path: '账号/权限',
    team: '身份管理',
    otherTeams: ['服务台一线'],
    zh: {
      subjects: [
        '申请 {p} 权限',
        '新员工开通账号',
        '共享盘没有访问权限',
        '需要开通 CRM 只读权限',
        '转岗后权限调整',
      ],
      symptoms: [
        '打开文件夹提示拒绝访问',
        '下周一入职需要账号',
        '审批已经通过但还是没有权限',
        '报错 {c}',
        '旧部门的权限需要回收',
      ],
    },
    en: {
      subjects: [
        'Request {p} access',
        'New hire account setup',
        'No access to shared drive',
        'Need CRM read-only access',
        'Access change after transfer',
      ],
      symptoms: [
        'folder says access denied',
        'starts Monday and needs an account',
        'approved but still no access',
        'error {c}',
        'old department access should be removed',
      ],
    },
    products: ['CRM', 'SharePoint', 'Jira', '共享盘 \\\\fs01'],
    codes: ['403 Forbidden', 'ACCESS_DENIED', 'E_PERM 13', '401'],
  },
  {
    path: '安全/病毒',
    team: '安全组',
    otherTeams: ['桌面支持'],
    zh: {
      subjects: [
        '电脑中了病毒',
        '收到可疑钓鱼邮件',
        '{p} 报警发现木马',
        '文件被加密勒索',
        '浏览器主页被篡改',
      ],
      symptoms: ['杀毒软件提示 {c}', '点了邮件里的链接', '文件后缀都变了', '弹出很多广告', '账号在异地登录'],
    },
    en: {
      subjects: [
        'Computer infected with virus',
        'Suspicious phishing email',
        '{p} detected a trojan',
        'Files encrypted by ransomware',
        'Browser homepage hijacked',
      ],
      symptoms: [
        'antivirus reports {c}',
        'I clicked the link in the mail',
        'file extensions all changed',
        'lots of pop-up ads',
        'sign-in from another country',
      ],
    },
    products: ['360 安全卫士', 'Windows Defender', 'Symantec Endpoint', '火绒'],
    codes: ['Trojan.Win32.Generic', 'HEUR:Exploit', 'Ransom.WannaCry', 'PUA.Adware'],
  },
];

const IMPACT_CUES = {
  zh: {
    high: ['整个部门都受影响', '全公司都用不了', '所有人都出现同样问题', '生产线停了'],
    medium: ['我们组几个人都这样', '财务部有三个同事遇到', '本楼层都有影响'],
    low: ['只有我一个人', '只是我这台电脑', '不影响其他同事'],
  },
  en: {
    high: [
      'the whole department is affected',
      'nobody in the company can work',
      'all users see the same',
      'production is down',
    ],
    medium: ['several people in my team', 'three colleagues in finance too', 'the whole floor is affected'],
    low: ['only me', 'just my own machine', 'nobody else has it'],
  },
};
const URGENCY_CUES = {
  zh: {
    high: ['非常紧急，马上要用', '今天下班前必须解决', '客户在等，急'],
    medium: ['希望今天能处理', '这两天需要用'],
    low: ['不着急，有空再看', '下周处理也可以'],
  },
  en: {
    high: ['very urgent, needed right now', 'must be fixed before end of day', 'a customer is waiting'],
    medium: ['would like it today if possible', 'needed in the next days'],
    low: ['no rush', 'next week is fine'],
  },
};
const FILLER = {
  zh: [
    '已经重启过电脑了',
    '昨天还是好的',
    '麻烦尽快看一下，谢谢',
    '之前也出现过一次',
    '截图见附件',
    '环境 Windows 11',
  ],
  en: [
    'I already restarted',
    'it worked yesterday',
    'thanks for looking',
    'happened once before',
    'screenshot attached',
    'Windows 11 here',
  ],
};

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = ['high', 'medium', 'low'] as const;

/** Categories agents confuse with each other: history files some tickets under the neighbour. */
const CONFUSABLE: Record<string, string> = {
  '硬件/打印机': '硬件/电脑',
  '硬件/电脑': '安全/病毒',
  '网络/VPN': '网络/Wi-Fi',
  '网络/Wi-Fi': '网络/VPN',
  '软件/邮箱': '账号/密码',
  '软件/财务系统': '账号/权限',
  '账号/密码': '软件/邮箱',
  '账号/权限': '软件/财务系统',
  '安全/病毒': '硬件/电脑',
};
/** Requests that say little about what is wrong. */
const VAGUE = {
  zh: ['电脑用不了了，帮忙看看', '系统打不开', '一直报错，麻烦处理', '登录不上去', '网络有问题'],
  en: [
    'something is broken, please help',
    'cannot log in',
    'keeps showing an error',
    'system does not open',
    'network problem',
  ],
};

export function generateHistory(count: number, seed: number): GeneratedTicket[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: GeneratedTicket[] = [];
  for (let i = 0; i < count; i++) {
    const spec = pick(CATEGORIES);
    const language = random() < 0.55 ? 'zh' : 'en';
    const texts = spec[language];
    const fill = (s: string) => s.replace('{p}', pick(spec.products)).replace('{c}', pick(spec.codes));
    // Impact is mostly low, sometimes wide; urgency independent.
    const r = random();
    const impact = r < 0.12 ? 'high' : r < 0.4 ? 'medium' : 'low';
    const urgency = pick(LEVELS);
    const vague = random() < 0.1;
    const parts = vague ? [pick(VAGUE[language])] : [fill(pick(texts.symptoms))];
    if (!vague && random() < 0.5) parts.push(fill(pick(texts.symptoms)));
    // The cues that tell impact and urgency are there most of the time, not always.
    if (random() < 0.8) parts.push(pick(IMPACT_CUES[language][impact]));
    if (random() < 0.7) parts.push(pick(URGENCY_CUES[language][urgency]));
    parts.push(pick(FILLER[language]));
    if (random() < 0.4) parts.push(`${language === 'zh' ? '使用的是' : 'using'} ${pick(spec.products)}`);
    const shuffled = parts.sort(() => random() - 0.5);
    const team = random() < 0.12 ? pick(spec.otherTeams) : spec.team;
    const category = random() < 0.08 ? (CONFUSABLE[spec.path] ?? spec.path) : spec.path;
    out.push({
      language,
      subject: vague ? pick(VAGUE[language]) : fill(pick(texts.subjects)),
      description: shuffled.join(language === 'zh' ? '，' : '. '),
      category,
      team,
      impact,
      urgency,
    });
  }
  return out;
}
