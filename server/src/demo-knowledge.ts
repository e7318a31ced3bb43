import type { CreateArticleInput } from '../../contracts/knowledge.ts';
import { type Actor, systemActor } from './modules/identity/index.ts';
import { createArticle } from './modules/knowledge/index.ts';
import { createCannedResponse } from './modules/notifications/index.ts';
import { createVendor } from './modules/sla/index.ts';
import type { Tx } from './platform/db/database.ts';

type Article = Omit<CreateArticleInput, 'visibility' | 'status'>;

/**
 * The demo desk's knowledge base: six everyday problems, each in Chinese and in English,
 * published, so that the portal's suggestions while typing (deflection) can be seen at once.
 */
export const DEMO_ARTICLES: Article[] = [
  {
    language: 'zh-CN',
    category: '网络/VPN',
    title: 'VPN 连接失败，提示错误 809',
    problem:
      '在家或出差时用 VPN 客户端连接公司网络，提示“错误 809：无法建立计算机与 VPN 服务器之间的网络连接”。',
    cause: '所在网络（酒店、家庭路由器）拦截了 L2TP/IPsec 使用的 UDP 500 和 4500 端口。',
    solution:
      '1. 打开 VPN 客户端，选择“设置”。\n2. 将连接类型由 L2TP 改为 SSL（端口 443）。\n3. 保存后重新连接。\n4. 如仍失败，改用手机热点测试，以确认是否为当前网络的限制。',
    prevention: '出差前在公司网络下先测试一次 SSL 模式连接。',
    tags: ['VPN', '远程办公'],
  },
  {
    language: 'en',
    category: 'Network/VPN',
    title: 'VPN fails with error 809',
    problem:
      'Connecting to the company VPN from home or a hotel fails with "Error 809: the network connection between your computer and the VPN server could not be established".',
    cause: 'The local network (hotel, home router) blocks UDP ports 500 and 4500 that L2TP/IPsec needs.',
    solution:
      '1. Open the VPN client and choose Settings.\n2. Change the connection type from L2TP to SSL (port 443).\n3. Save and connect again.\n4. If it still fails, try a phone hotspot to see whether the local network is the cause.',
    prevention: 'Before travelling, test the SSL connection once from the office network.',
    tags: ['VPN', 'remote work'],
  },
  {
    language: 'zh-CN',
    category: '账号/密码重置',
    title: '忘记邮箱密码，如何自助重置',
    problem: '忘记了企业邮箱密码，Outlook 和网页邮箱都无法登录。',
    cause: '密码遗忘，或 90 天到期后未及时修改导致账号被要求重置。',
    solution:
      '1. 打开自助密码门户 https://password.example.com。\n2. 输入工号，选择“忘记密码”。\n3. 通过绑定的手机号接收验证码。\n4. 设置新密码（至少 12 位，包含大小写字母和数字）。\n5. 在 Outlook 和手机邮件中输入新密码。',
    prevention: '在自助门户绑定手机号，并留意到期前 7 天的提醒邮件。',
    tags: ['密码', '邮箱'],
  },
  {
    language: 'en',
    category: 'Accounts/Password reset',
    title: 'Reset your email password yourself',
    problem: 'You forgot your mailbox password and cannot sign in to Outlook or webmail.',
    cause: 'The password was forgotten, or it expired after 90 days and must be changed.',
    solution:
      '1. Open the self-service portal at https://password.example.com.\n2. Enter your employee ID and choose "Forgot password".\n3. Enter the code sent to your registered mobile phone.\n4. Choose a new password (12 characters or more, upper and lower case and digits).\n5. Enter the new password in Outlook and on your phone.',
    prevention:
      'Register your mobile number in the portal and act on the reminder sent 7 days before expiry.',
    tags: ['password', 'email'],
  },
  {
    language: 'zh-CN',
    category: '硬件/打印机',
    title: '打印时提示 0x0000011b',
    problem: '向网络打印机打印时，Windows 提示“操作无法完成（错误 0x0000011b）”。',
    cause: 'Windows 安全更新提高了打印后台程序的 RPC 认证级别，旧的打印服务器驱动不兼容。',
    solution:
      '1. 在“设置 → 打印机和扫描仪”中删除该打印机。\n2. 打开 \\\\print01，双击打印机重新添加，系统会下载新驱动。\n3. 打印测试页。\n如仍失败，请提交报修并注明打印机编号，服务台会远程更新驱动。',
    prevention: '打印服务器的驱动已纳入每月补丁检查。',
    tags: ['打印机'],
  },
  {
    language: 'en',
    category: 'Hardware/Printer',
    title: 'Printing fails with error 0x0000011b',
    problem:
      'Printing to a network printer fails with "Operation could not be completed (error 0x0000011b)".',
    cause:
      'A Windows security update raised the print spooler RPC authentication level; old print-server drivers do not support it.',
    solution:
      '1. Remove the printer under Settings → Printers & scanners.\n2. Open \\\\print01 and double-click the printer to add it again; the new driver is downloaded.\n3. Print a test page.\nIf it still fails, submit a request with the printer number and the desk will update the driver remotely.',
    prevention: 'Print-server drivers are now part of the monthly patch check.',
    tags: ['printer'],
  },
  {
    language: 'zh-CN',
    category: '软件/邮箱',
    title: 'Outlook 不再同步新邮件',
    problem: 'Outlook 左下角显示“正在尝试连接”或“已断开”，收不到新邮件，网页邮箱正常。',
    cause: '本地 OST 缓存文件损坏，或 Outlook 仍在使用已过期的密码。',
    solution:
      '1. 关闭 Outlook。\n2. 在“控制面板 → 凭据管理器”中删除以 MicrosoftOffice 开头的凭据。\n3. 重新打开 Outlook 并输入当前密码。\n4. 如仍不同步：文件 → 账户设置 → 数据文件，记下 OST 位置，关闭 Outlook 后将该文件改名，再打开 Outlook 重新下载邮件。',
    prevention: '修改密码后先在 Outlook 中重新登录。',
    tags: ['Outlook', '邮箱'],
  },
  {
    language: 'en',
    category: 'Software/Email',
    title: 'Outlook stops syncing new mail',
    problem: 'Outlook shows "Trying to connect" or "Disconnected" and no new mail arrives; webmail works.',
    cause: 'The local OST cache is damaged, or Outlook still uses an expired password.',
    solution:
      '1. Close Outlook.\n2. In Control Panel → Credential Manager, remove the entries starting with MicrosoftOffice.\n3. Open Outlook and enter your current password.\n4. If it still does not sync: File → Account Settings → Data Files, note the OST location, close Outlook, rename the file and open Outlook to download the mail again.',
    prevention: 'After changing your password, sign in to Outlook again first.',
    tags: ['Outlook', 'email'],
  },
  {
    language: 'zh-CN',
    category: '硬件/会议室',
    title: '会议室投影仪没有信号',
    problem: '笔记本通过 HDMI 接到会议室投影仪后，投影显示“无信号”。',
    cause: '投影仪的输入源不是当前接口，或笔记本没有开启扩展显示。',
    solution:
      '1. 按遥控器上的“输入/Source”键，选择 HDMI 1。\n2. 在笔记本上按 Win + P，选择“复制”。\n3. 如使用转接头，换用会议室桌上的 USB-C 转 HDMI 线再试。',
    prevention: '会议开始前 5 分钟先试投影。',
    tags: ['会议室', '投影仪'],
  },
  {
    language: 'en',
    category: 'Hardware/Meeting rooms',
    title: 'No signal on the meeting room projector',
    problem: 'With the laptop connected over HDMI, the projector shows "No signal".',
    cause: 'The projector is set to another input, or the laptop does not extend its display.',
    solution:
      '1. Press Input/Source on the remote and choose HDMI 1.\n2. On the laptop press Win + P and choose Duplicate.\n3. If you use an adapter, try the USB-C to HDMI cable on the meeting room table.',
    prevention: 'Test the projector five minutes before the meeting starts.',
    tags: ['meeting room', 'projector'],
  },
  {
    language: 'zh-CN',
    category: '网络/无线网络',
    title: '已连接公司 Wi-Fi 但无法上网',
    problem: '电脑显示已连接 Corp-WiFi，但打不开网页，提示“无 Internet”。',
    cause: '首次连接或证书更新后，没有完成 802.1X 身份认证；或获取到了过期的 IP 地址。',
    solution:
      '1. 在 Wi-Fi 列表中“忘记” Corp-WiFi。\n2. 重新连接，用户名填工号，密码填域账号密码，证书选择“信任”。\n3. 仍不行时，在命令行运行 ipconfig /release 和 ipconfig /renew。',
    prevention: '域密码修改后，手机和电脑都要重新登录 Wi-Fi。',
    tags: ['Wi-Fi', '网络'],
  },
  {
    language: 'en',
    category: 'Network/Wi-Fi',
    title: 'Connected to the office Wi-Fi but no internet',
    problem: 'The laptop shows it is connected to Corp-WiFi, but web pages do not open ("No internet").',
    cause:
      'The 802.1X sign-in did not complete after the first connection or a certificate renewal, or the IP lease is stale.',
    solution:
      '1. Forget Corp-WiFi in the Wi-Fi list.\n2. Connect again with your employee ID and domain password, and trust the certificate.\n3. If that does not help, run ipconfig /release and ipconfig /renew in a command prompt.',
    prevention: 'After changing your domain password, sign in to the Wi-Fi again on your phone and laptop.',
    tags: ['Wi-Fi', 'network'],
  },
];

const CANNED: { title: string; body: string }[] = [
  {
    title: '已受理（中文）',
    body: '{{requester.name}}，您好：\n\n我们已收到您的工单 #{{ticket.number}}，正在处理，有进展会第一时间告诉您。\n\n{{agent.name}}',
  },
  {
    title: '请补充信息（中文）',
    body: '{{requester.name}}，您好：\n\n为了尽快定位问题，请补充：\n1. 出错时的截图\n2. 出错的时间\n3. 是否有其他同事遇到同样的问题\n\n谢谢！\n{{agent.name}}',
  },
  {
    title: 'Received (English)',
    body: 'Hello {{requester.name}},\n\nWe have received ticket #{{ticket.number}} and are working on it. We will let you know as soon as there is news.\n\n{{agent.name}}',
  },
  {
    title: 'Need more details (English)',
    body: 'Hello {{requester.name}},\n\nTo find the cause quickly, please send us:\n1. a screenshot of the error\n2. when it happened\n3. whether colleagues see the same\n\nThank you,\n{{agent.name}}',
  },
];

/** Published articles, canned responses and a vendor, for the demo desk (DEMO_DATA=true). */
export async function seedDemoKnowledge(tx: Tx, people: { lead: Actor; agent: Actor }): Promise<void> {
  for (const article of DEMO_ARTICLES) {
    await createArticle({
      tx,
      actor: people.lead,
      input: { ...article, visibility: 'public', status: 'published' },
    });
  }
  for (const canned of CANNED) await createCannedResponse({ tx, actor: people.agent, input: canned });
  // Vendors are an administrator's to set up; the desk itself adds the demo's one.
  await createVendor({
    tx,
    actor: await systemActor(tx, 'system'),
    input: {
      name: '华为企业技术支持 Huawei Enterprise Support',
      contact: '400-822-9999',
      calendarId: null,
      responseMinutes: 60,
      resolutionMinutes: 1440,
    },
  });
}
