// The welcome page's gallery and `leanflow sample --template`: six sales-service processes, each an as-is with the
// problems sales-service studies report (first substantive reply after about a day where customers expect 2 hours,
// 12 steps where 8 would do, people busy less than 60% of their time) and a to-be that removes them.
import { buildTemplateXml, type DistributionInput, type LocalizedText, type TemplateLanguage, type TemplateLane, type TemplateStep, type TemplateTask, type TemplateVariant, type TemplateWait } from './template-builder.ts';

export type { LocalizedText, TemplateLanguage, TemplateVariant } from './template-builder.ts';

/** A gallery entry: an as-is process with its scenario and a to-be variant, in English and Chinese. */
export interface ProcessTemplate {
  readonly id: string;
  readonly name: LocalizedText;
  /** One or two sentences: the situation and what the to-be changes. */
  readonly description: LocalizedText;
  readonly asIs: TemplateVariant;
  readonly toBe: TemplateVariant;
}

const text = (en: string, zh: string): LocalizedText => ({ en, zh });
/** Triangular duration in minutes (min, most likely, max). */
const minutes = (min: number, mode: number, max: number): DistributionInput => ({ type: 'triangular', min, mode, max, unit: 'min' });
/** Triangular duration in hours: how long a case waits in an inbox, for a batch or for the customer. */
const hours = (min: number, mode: number, max: number): DistributionInput => ({ type: 'triangular', min, mode, max, unit: 'h' });
const every = (mean: number): DistributionInput => ({ type: 'exponential', mean, unit: 'min' });
const instant: DistributionInput = { type: 'fixed', value: 10, unit: 's' };

const task = (id: string, name: LocalizedText, lane: string, duration: DistributionInput, valueClass: TemplateTask['valueClass'], extra: Partial<Pick<TemplateTask, 'type' | 'response' | 'automated'>> = {}): TemplateTask => ({ kind: 'task', id, name, lane, duration, valueClass, ...extra });
const autoReply = (lane: string): TemplateTask => task('Task_AutoReply', text('Send auto-reply', '发送自动回复'), lane, instant, 'businessValueAdding', { type: 'serviceTask', automated: true });
const wait = (id: string, name: LocalizedText, lane: string, duration: DistributionInput): TemplateWait => ({ kind: 'wait', id, name, lane, duration });
const inboxWait = (lane: string): TemplateWait => wait('Wait_Inbox', text('Waits in the shared inbox', '在共享邮箱中等待'), lane, hours(1, 3, 8));
const lane = (id: string, name: LocalizedText, headcount: number, costPerHour: number): TemplateLane => ({ id, name, headcount, costPerHour });

const AS_IS = text('As is', '现状');
const TO_BE = text('To be', '目标');

function variant(processName: LocalizedText, toBe: boolean, description: LocalizedText, rest: Omit<TemplateVariant, 'processName' | 'scenarioName' | 'scenarioDescription'>): TemplateVariant {
  return { processName, scenarioName: toBe ? TO_BE : AS_IS, scenarioDescription: description, ...rest };
}

// --- Lead to quote ---------------------------------------------------------------------------------------------
const leadName = text('Lead to quote', '线索到报价');
const leadLanes = [
  lane('Lane_Assistant', text('Sales assistant', '销售助理'), 2, 38),
  lane('Lane_Representative', text('Sales representative', '销售代表'), 3, 55),
  lane('Lane_Manager', text('Sales manager', '销售经理'), 1, 85),
];
const leadStart = { id: 'Start_Lead', name: text('Lead received', '收到线索'), lane: 'Lane_Assistant', interArrival: every(45) };
const leadEnd = { id: 'End_QuoteSent', name: text('Quote sent', '报价已发送') };
const leadRejection = (lane: string) => ({
  kind: 'decision' as const, id: 'Gateway_Qualified', name: text('Qualified?', '线索合格？'), lane: 'Lane_Representative', yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.7,
  otherwise: [task('Task_SendRejection', text('Send polite rejection', '发送婉拒'), lane, minutes(3, 5, 10), 'businessValueAdding', { type: 'sendTask', response: true })],
  otherwiseEnd: { id: 'End_Rejected', name: text('Lead rejected', '线索已拒绝') },
});
const leadToQuote: ProcessTemplate = {
  id: 'lead-to-quote',
  name: leadName,
  description: text(
    'A lead waits in a shared inbox, is logged twice and checked by hand before a representative calls; every quote waits for the manager. The to-be routes leads automatically and quotes from an approved price list.',
    '线索在共享邮箱中等待，被重复登记并手工核查后销售代表才致电；每份报价都要等经理审批。目标流程自动分配线索，并按已批准的价目表报价。',
  ),
  asIs: variant(leadName, false, text(
    'Today: about 11 leads a day; the first real answer comes after about a day although customers expect one within 2 hours; 10 tasks where 6 would do; nobody is busy more than 60% of the time.',
    '现状：每天约 11 条线索；客户期望 2 小时内得到答复，但第一次实质性答复约在一天后；本可 6 步完成却有 10 项任务；每个人的忙碌时间都不到 60%。',
  ), {
    lanes: leadLanes,
    start: leadStart,
    steps: [
      autoReply('Lane_Assistant'),
      inboxWait('Lane_Assistant'),
      task('Task_LogLead', text('Log lead in CRM', '在 CRM 中登记线索'), 'Lane_Assistant', minutes(5, 8, 15), 'nonValueAdding'),
      task('Task_CheckHistory', text('Check customer history', '核查客户历史'), 'Lane_Assistant', minutes(5, 10, 20), 'nonValueAdding'),
      task('Task_Assign', text('Assign to a representative', '分配给销售代表'), 'Lane_Assistant', minutes(2, 5, 10), 'nonValueAdding'),
      task('Task_Qualify', text('Qualify lead', '评估线索'), 'Lane_Representative', minutes(10, 15, 30), 'businessValueAdding'),
      leadRejection('Lane_Representative'),
      task('Task_CallCustomer', text('Call customer about needs', '致电客户了解需求'), 'Lane_Representative', minutes(10, 20, 30), 'valueAdding'),
      task('Task_PrepareQuote', text('Prepare quote', '准备报价'), 'Lane_Representative', minutes(20, 30, 45), 'valueAdding'),
      task('Task_ReenterQuote', text('Re-enter quote in ERP', '在 ERP 中重新录入报价'), 'Lane_Representative', minutes(5, 10, 15), 'nonValueAdding'),
      task('Task_Approve', text('Manager approval', '经理审批'), 'Lane_Manager', minutes(5, 10, 30), 'businessValueAdding'),
      wait('Wait_ApprovalRound', text('Waits for the approval round', '等待集中审批'), 'Lane_Manager', hours(1, 2, 4)),
      task('Task_SendQuote', text('Send quote', '发送报价'), 'Lane_Representative', minutes(3, 5, 10), 'valueAdding', { type: 'sendTask', response: true }),
    ],
    end: leadEnd,
    resolutionSlaHours: 48,
  }),
  toBe: variant(leadName, true, text(
    'To be: the CRM routes each lead with its history to a representative at once; quotes within the price list need no approval.',
    '目标：CRM 立即把线索连同客户历史分配给销售代表；价目表范围内的报价无需审批。',
  ), {
    lanes: leadLanes,
    start: leadStart,
    steps: [
      autoReply('Lane_Assistant'),
      task('Task_Route', text('Route lead automatically', '自动分配线索'), 'Lane_Assistant', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      task('Task_Qualify', text('Qualify lead', '评估线索'), 'Lane_Representative', minutes(10, 15, 30), 'businessValueAdding'),
      leadRejection('Lane_Representative'),
      task('Task_CallCustomer', text('Call customer about needs', '致电客户了解需求'), 'Lane_Representative', minutes(10, 20, 30), 'valueAdding', { response: true }),
      task('Task_PrepareQuote', text('Prepare quote from price list', '按价目表准备报价'), 'Lane_Representative', minutes(15, 20, 30), 'valueAdding'),
      task('Task_SendQuote', text('Send quote', '发送报价'), 'Lane_Representative', minutes(3, 5, 10), 'valueAdding', { type: 'sendTask', response: true }),
    ],
    end: leadEnd,
    resolutionSlaHours: 48,
  }),
};

// --- Complaint handling ----------------------------------------------------------------------------------------
const complaintName = text('Complaint handling', '投诉处理');
const complaintLanes = [
  lane('Lane_Agent', text('Customer service agent', '客服专员'), 4, 35),
  lane('Lane_TeamLead', text('Team lead', '客服主管'), 1, 60),
  lane('Lane_Quality', text('Quality engineer', '质量工程师'), 3, 65),
];
const complaintStart = { id: 'Start_Complaint', name: text('Complaint received', '收到投诉'), lane: 'Lane_Agent', interArrival: every(30) };
const complaintEnd = { id: 'End_Resolved', name: text('Complaint resolved', '投诉已解决') };
const standardAnswer = (decisionLane: string) => ({
  kind: 'decision' as const, id: 'Gateway_Investigate', name: text('Needs investigation?', '需要调查？'), lane: decisionLane, yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.4,
  otherwise: [task('Task_StandardAnswer', text('Send standard answer', '发送标准答复'), 'Lane_Agent', minutes(5, 10, 15), 'valueAdding', { type: 'sendTask', response: true })],
  otherwiseEnd: { id: 'End_Answered', name: text('Complaint answered', '投诉已答复') },
});
const complaintHandling: ProcessTemplate = {
  id: 'complaint-handling',
  name: complaintName,
  description: text(
    'Complaints are registered, categorised and passed through a team lead before anyone answers; investigations end in a report nobody reads. The to-be lets the agent triage and settle goodwill directly.',
    '投诉先登记、分类、经客服主管分派后才有人答复；调查以无人阅读的报告结束。目标流程由客服专员直接分诊并处理补偿。',
  ),
  asIs: variant(complaintName, false, text(
    'Today: about 16 complaints a day; the first real answer takes about a day (customers expect 2 hours); 11 tasks where 5 would do; agents are busy about a third of their time.',
    '现状：每天约 16 起投诉；第一次实质性答复约需一天（客户期望 2 小时）；本可 5 步完成却有 11 项任务；客服专员只有约三分之一的时间在忙。',
  ), {
    lanes: complaintLanes,
    start: complaintStart,
    steps: [
      autoReply('Lane_Agent'),
      inboxWait('Lane_Agent'),
      task('Task_Register', text('Register complaint', '登记投诉'), 'Lane_Agent', minutes(5, 10, 15), 'businessValueAdding'),
      task('Task_Categorise', text('Categorise complaint', '投诉分类'), 'Lane_Agent', minutes(3, 5, 10), 'nonValueAdding'),
      task('Task_Forward', text('Forward to team lead', '转交客服主管'), 'Lane_Agent', minutes(2, 3, 5), 'nonValueAdding'),
      task('Task_Dispatch', text('Assign complaint', '分派投诉'), 'Lane_TeamLead', minutes(3, 5, 10), 'nonValueAdding'),
      standardAnswer('Lane_TeamLead'),
      task('Task_Investigate', text('Investigate root cause', '调查根本原因'), 'Lane_Quality', minutes(30, 60, 120), 'valueAdding'),
      task('Task_Report', text('Write investigation report', '撰写调查报告'), 'Lane_Quality', minutes(15, 20, 40), 'nonValueAdding'),
      task('Task_ApproveGoodwill', text('Approve goodwill', '批准补偿'), 'Lane_TeamLead', minutes(5, 10, 20), 'businessValueAdding'),
      task('Task_CallSolution', text('Call customer with solution', '致电客户告知解决方案'), 'Lane_Agent', minutes(10, 15, 25), 'valueAdding', { response: true }),
      task('Task_Close', text('Close complaint in system', '在系统中关闭投诉'), 'Lane_Agent', minutes(2, 5, 10), 'nonValueAdding'),
    ],
    end: complaintEnd,
    resolutionSlaHours: 72,
  }),
  toBe: variant(complaintName, true, text(
    'To be: the agent registers, triages and answers; goodwill up to a limit needs no approval; the ticket closes itself.',
    '目标：客服专员负责登记、分诊和答复；限额内的补偿无需审批；工单自动关闭。',
  ), {
    lanes: complaintLanes,
    start: complaintStart,
    steps: [
      autoReply('Lane_Agent'),
      task('Task_Register', text('Register and triage', '登记并分诊'), 'Lane_Agent', minutes(5, 8, 12), 'businessValueAdding'),
      standardAnswer('Lane_Agent'),
      task('Task_Investigate', text('Investigate root cause', '调查根本原因'), 'Lane_Quality', minutes(30, 60, 120), 'valueAdding'),
      task('Task_CallSolution', text('Call customer with solution', '致电客户告知解决方案'), 'Lane_Agent', minutes(10, 15, 25), 'valueAdding', { response: true }),
    ],
    end: complaintEnd,
    resolutionSlaHours: 72,
  }),
};

// --- Returns (RMA) ---------------------------------------------------------------------------------------------
const returnsName = text('Returns (RMA)', '退货（RMA）');
const returnsLanes = [
  lane('Lane_Agent', text('Customer service agent', '客服专员'), 3, 35),
  lane('Lane_Warehouse', text('Warehouse clerk', '仓库管理员'), 2, 30),
  lane('Lane_Finance', text('Finance clerk', '财务专员'), 1, 45),
];
const returnsStart = { id: 'Start_Return', name: text('Return request received', '收到退货申请'), lane: 'Lane_Agent', interArrival: every(30) };
const returnsEnd = { id: 'End_Refunded', name: text('Refund paid', '已退款') };
const returnAccepted = {
  kind: 'decision' as const, id: 'Gateway_Accepted', name: text('Return accepted?', '接受退货？'), lane: 'Lane_Agent', yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.8,
  otherwise: [task('Task_ExplainRefusal', text('Explain refusal', '说明拒绝原因'), 'Lane_Agent', minutes(5, 8, 12), 'businessValueAdding', { type: 'sendTask', response: true })],
  otherwiseEnd: { id: 'End_Refused', name: text('Return refused', '退货被拒') },
};
const transit = wait('Wait_Transit', text('Goods in transit', '货物运输中'), 'Lane_Warehouse', hours(24, 48, 96));
const returnsRma: ProcessTemplate = {
  id: 'returns-rma',
  name: returnsName,
  description: text(
    'A return request waits in the inbox, the purchase and warranty are checked by hand, inspection results are typed in twice and every refund is approved. The to-be checks order and warranty automatically and refunds on inspection.',
    '退货申请在邮箱中等待，购买记录和保修条款靠手工核对，检验结果被重复录入，每笔退款都要审批。目标流程自动核对订单和保修，检验通过即退款。',
  ),
  asIs: variant(returnsName, false, text(
    'Today: about 16 returns a day; the RMA number, the first real answer, comes after about a day (customers expect 2 hours); the warehouse is busy under half its time.',
    '现状：每天约 16 笔退货；退货授权号即第一次实质性答复约在一天后发出（客户期望 2 小时）；仓库不到一半时间在忙。',
  ), {
    lanes: returnsLanes,
    start: returnsStart,
    steps: [
      autoReply('Lane_Agent'),
      inboxWait('Lane_Agent'),
      task('Task_CheckPurchase', text('Check purchase record', '核对购买记录'), 'Lane_Agent', minutes(5, 10, 20), 'nonValueAdding'),
      task('Task_CheckWarranty', text('Check warranty terms', '核对保修条款'), 'Lane_Agent', minutes(5, 8, 15), 'businessValueAdding'),
      returnAccepted,
      task('Task_IssueRma', text('Issue RMA number', '签发退货授权号'), 'Lane_Agent', minutes(3, 5, 10), 'businessValueAdding', { type: 'sendTask', response: true }),
      transit,
      task('Task_Receive', text('Receive goods', '收货'), 'Lane_Warehouse', minutes(5, 10, 15), 'businessValueAdding'),
      task('Task_Inspect', text('Inspect goods', '检验货物'), 'Lane_Warehouse', minutes(10, 15, 30), 'valueAdding'),
      task('Task_ReenterResult', text('Re-enter inspection result', '重新录入检验结果'), 'Lane_Warehouse', minutes(3, 5, 10), 'nonValueAdding'),
      task('Task_ApproveRefund', text('Approve refund', '批准退款'), 'Lane_Finance', minutes(5, 10, 20), 'businessValueAdding'),
      task('Task_PayRefund', text('Pay refund', '支付退款'), 'Lane_Finance', minutes(3, 5, 10), 'valueAdding'),
    ],
    end: returnsEnd,
    resolutionSlaHours: 168,
  }),
  toBe: variant(returnsName, true, text(
    'To be: order and warranty are checked automatically; the agent sends the RMA label at once; the refund is paid when the inspection passes.',
    '目标：自动核对订单和保修；客服专员立即发送退货标签；检验通过即自动退款。',
  ), {
    lanes: returnsLanes,
    start: returnsStart,
    steps: [
      autoReply('Lane_Agent'),
      task('Task_CheckOrder', text('Check order and warranty automatically', '自动核对订单和保修'), 'Lane_Agent', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      returnAccepted,
      task('Task_IssueRma', text('Send RMA label', '发送退货标签'), 'Lane_Agent', minutes(2, 3, 5), 'businessValueAdding', { type: 'sendTask', response: true }),
      transit,
      task('Task_Inspect', text('Receive and inspect goods', '收货并检验'), 'Lane_Warehouse', minutes(10, 15, 25), 'valueAdding'),
      task('Task_PayRefund', text('Refund automatically', '自动退款'), 'Lane_Finance', instant, 'valueAdding', { type: 'serviceTask', automated: true }),
    ],
    end: returnsEnd,
    resolutionSlaHours: 168,
  }),
};

// --- Quote to order --------------------------------------------------------------------------------------------
const orderName = text('Quote to order', '报价到订单');
const orderLanes = [
  lane('Lane_OrderDesk', text('Order desk clerk', '订单专员'), 3, 40),
  lane('Lane_Credit', text('Credit controller', '信用控制专员'), 1, 60),
  lane('Lane_Representative', text('Sales representative', '销售代表'), 1, 55),
];
const orderStart = { id: 'Start_Order', name: text('Purchase order received', '收到采购订单'), lane: 'Lane_OrderDesk', interArrival: every(40) };
const orderEnd = { id: 'End_Confirmed', name: text('Order confirmed', '订单已确认') };
const creditOk = {
  kind: 'decision' as const, id: 'Gateway_Credit', name: text('Credit OK?', '信用额度足够？'), lane: 'Lane_Credit', yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.9,
  otherwise: [task('Task_AskPrepayment', text('Ask for prepayment', '要求预付款'), 'Lane_Credit', minutes(5, 8, 12), 'businessValueAdding', { type: 'sendTask', response: true })],
  otherwiseEnd: { id: 'End_OnHold', name: text('Order on hold', '订单暂停') },
};
const quoteToOrder: ProcessTemplate = {
  id: 'quote-to-order',
  name: orderName,
  description: text(
    'Orders arrive by e-mail, are compared with the quote and re-keyed into the ERP, stock and delivery date are asked for by phone, the representative signs off. The to-be imports the order, checks credit and stock automatically and confirms with an available-to-promise date.',
    '订单通过邮件到达，与报价核对后重新录入 ERP，库存和交货日期靠电话询问，还要销售代表签字。目标流程自动导入订单、自动检查信用和库存，并按可承诺日期确认。',
  ),
  asIs: variant(orderName, false, text(
    'Today: about 12 orders a day; the confirmation, the first real answer, comes after about a day (customers expect 2 hours); 9 tasks where 4 would do.',
    '现状：每天约 12 张订单；订单确认即第一次实质性答复约在一天后发出（客户期望 2 小时）；本可 4 步完成却有 9 项任务。',
  ), {
    lanes: orderLanes,
    start: orderStart,
    steps: [
      autoReply('Lane_OrderDesk'),
      wait('Wait_Inbox', text('Waits in the order inbox', '在订单邮箱中等待'), 'Lane_OrderDesk', hours(1, 3, 8)),
      task('Task_Compare', text('Compare order with quote', '核对订单与报价'), 'Lane_OrderDesk', minutes(5, 10, 20), 'businessValueAdding'),
      task('Task_Rekey', text('Re-key order into ERP', '将订单重新录入 ERP'), 'Lane_OrderDesk', minutes(10, 15, 25), 'nonValueAdding'),
      task('Task_CheckCredit', text('Check credit limit', '检查信用额度'), 'Lane_Credit', minutes(5, 10, 20), 'businessValueAdding'),
      creditOk,
      task('Task_CheckStock', text('Check stock', '检查库存'), 'Lane_OrderDesk', minutes(5, 8, 15), 'nonValueAdding'),
      task('Task_AskDate', text('Ask warehouse for delivery date', '向仓库询问交货日期'), 'Lane_OrderDesk', minutes(5, 10, 20), 'nonValueAdding'),
      task('Task_SignOff', text('Representative signs off', '销售代表签字'), 'Lane_Representative', minutes(3, 5, 10), 'nonValueAdding'),
      task('Task_Confirm', text('Send order confirmation', '发送订单确认'), 'Lane_OrderDesk', minutes(3, 5, 10), 'valueAdding', { type: 'sendTask', response: true }),
      task('Task_Archive', text('Archive order documents', '归档订单文件'), 'Lane_OrderDesk', minutes(2, 5, 10), 'nonValueAdding'),
    ],
    end: orderEnd,
    resolutionSlaHours: 24,
  }),
  toBe: variant(orderName, true, text(
    'To be: the order is read from the e-mail into the ERP; credit and stock are checked automatically; the clerk confirms with the promised date.',
    '目标：订单从邮件自动读入 ERP；信用和库存自动检查；订单专员按承诺日期确认。',
  ), {
    lanes: orderLanes,
    start: orderStart,
    steps: [
      task('Task_Import', text('Import order from e-mail', '从邮件导入订单'), 'Lane_OrderDesk', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      task('Task_CheckCredit', text('Check credit automatically', '自动检查信用'), 'Lane_Credit', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      creditOk,
      task('Task_Confirm', text('Confirm order with promised date', '按承诺日期确认订单'), 'Lane_OrderDesk', minutes(5, 8, 15), 'valueAdding', { type: 'sendTask', response: true }),
    ],
    end: orderEnd,
    resolutionSlaHours: 24,
  }),
};

// --- After-sales service request -------------------------------------------------------------------------------
const serviceName = text('After-sales service request', '售后服务请求');
const serviceLanes = [
  lane('Lane_ServiceDesk', text('Service desk agent', '服务台专员'), 3, 35),
  lane('Lane_Dispatcher', text('Service dispatcher', '服务调度员'), 1, 45),
  lane('Lane_Technician', text('Field technician', '现场技术员'), 4, 60),
];
const serviceStart = { id: 'Start_Request', name: text('Service request received', '收到服务请求'), lane: 'Lane_ServiceDesk', interArrival: every(30) };
const serviceEnd = { id: 'End_Closed', name: text('Request closed', '请求已关闭') };
const visitNeeded = {
  kind: 'decision' as const, id: 'Gateway_Visit', name: text('Visit needed?', '需要上门？'), lane: 'Lane_ServiceDesk', yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.5,
  otherwise: [task('Task_SendInstructions', text('Send fix instructions', '发送解决步骤'), 'Lane_ServiceDesk', minutes(5, 10, 15), 'valueAdding', { type: 'sendTask' })],
  otherwiseEnd: { id: 'End_SolvedRemotely', name: text('Solved remotely', '远程解决') },
};
const afterSalesService: ProcessTemplate = {
  id: 'after-sales-service',
  name: serviceName,
  description: text(
    'A service request waits in the inbox, the agent asks for the serial number and waits for the reply before diagnosing; visits go through a dispatcher; reports and invoices are written afterwards. The to-be takes the serial number in the web form and lets the agent book the visit.',
    '服务请求在邮箱中等待，客服先索取序列号、等待回复后才诊断；上门服务要经调度员安排；报告和发票事后补写。目标流程在网页表单中收集序列号，由服务台专员直接预约上门。',
  ),
  asIs: variant(serviceName, false, text(
    'Today: about 16 requests a day; the diagnosis, the first real answer, comes after more than a day (customers expect 2 hours); technicians are busy about half their time.',
    '现状：每天约 16 个请求；诊断即第一次实质性答复要一天多（客户期望 2 小时）；技术员约一半时间在忙。',
  ), {
    lanes: serviceLanes,
    start: serviceStart,
    steps: [
      autoReply('Lane_ServiceDesk'),
      inboxWait('Lane_ServiceDesk'),
      task('Task_Record', text('Record request', '记录请求'), 'Lane_ServiceDesk', minutes(5, 10, 15), 'businessValueAdding'),
      task('Task_AskSerial', text('Ask for serial number', '索取序列号'), 'Lane_ServiceDesk', minutes(3, 5, 10), 'nonValueAdding', { type: 'sendTask' }),
      wait('Wait_Reply', text("Waits for the customer's reply", '等待客户回复'), 'Lane_ServiceDesk', hours(1, 3, 8)),
      task('Task_Diagnose', text('Diagnose by phone', '电话诊断'), 'Lane_ServiceDesk', minutes(10, 15, 30), 'valueAdding', { response: true }),
      visitNeeded,
      task('Task_PassOn', text('Pass to dispatcher', '转交调度员'), 'Lane_ServiceDesk', minutes(2, 3, 5), 'nonValueAdding'),
      task('Task_Schedule', text('Schedule visit', '安排上门'), 'Lane_Dispatcher', minutes(5, 10, 20), 'businessValueAdding'),
      task('Task_Repair', text('Visit and repair', '上门维修'), 'Lane_Technician', minutes(60, 90, 180), 'valueAdding'),
      task('Task_Report', text('Write service report', '撰写服务报告'), 'Lane_Technician', minutes(10, 15, 30), 'nonValueAdding'),
      task('Task_Invoice', text('Create invoice', '开具发票'), 'Lane_Dispatcher', minutes(5, 10, 15), 'businessValueAdding'),
    ],
    end: serviceEnd,
    resolutionSlaHours: 72,
  }),
  toBe: variant(serviceName, true, text(
    'To be: the web form asks for the serial number; the agent diagnoses at once and books the visit; the technician reports and invoices on the tablet.',
    '目标：网页表单收集序列号；服务台专员立即诊断并预约上门；技术员在平板上完成报告和开票。',
  ), {
    lanes: serviceLanes,
    start: serviceStart,
    steps: [
      autoReply('Lane_ServiceDesk'),
      task('Task_Diagnose', text('Diagnose by phone', '电话诊断'), 'Lane_ServiceDesk', minutes(10, 15, 30), 'valueAdding', { response: true }),
      visitNeeded,
      task('Task_Schedule', text('Book visit', '预约上门'), 'Lane_ServiceDesk', minutes(5, 8, 12), 'businessValueAdding'),
      task('Task_Repair', text('Visit and repair', '上门维修'), 'Lane_Technician', minutes(60, 90, 180), 'valueAdding'),
      task('Task_Report', text('Report and invoice on tablet', '在平板上报告并开票'), 'Lane_Technician', minutes(5, 8, 12), 'businessValueAdding'),
    ],
    end: serviceEnd,
    resolutionSlaHours: 72,
  }),
};

// --- Customer onboarding ---------------------------------------------------------------------------------------
const onboardingName = text('Customer onboarding', '客户开户');
const onboardingLanes = [
  lane('Lane_AccountManager', text('Account manager', '客户经理'), 1, 55),
  lane('Lane_Onboarding', text('Onboarding specialist', '开户专员'), 3, 45),
  lane('Lane_Compliance', text('Compliance officer', '合规专员'), 1, 65),
];
const onboardingStart = { id: 'Start_Signed', name: text('Contract signed', '合同已签署'), lane: 'Lane_AccountManager', interArrival: every(60) };
const onboardingEnd = { id: 'End_Onboarded', name: text('Customer onboarded', '客户已开户') };
const documentsComplete = {
  kind: 'decision' as const, id: 'Gateway_Complete', name: text('Documents complete?', '文件齐全？'), lane: 'Lane_Compliance', yes: text('Yes', '是'), no: text('No', '否'), yesProbability: 0.75,
  otherwise: [task('Task_AskMissing', text('Ask for missing documents', '索取缺失文件'), 'Lane_Compliance', minutes(5, 8, 12), 'businessValueAdding', { type: 'sendTask', response: true })],
  otherwiseEnd: { id: 'End_Paused', name: text('Onboarding paused', '开户暂停') },
};
const customerOnboarding: ProcessTemplate = {
  id: 'customer-onboarding',
  name: onboardingName,
  description: text(
    'After signing, the customer waits for a hand-over, documents are requested by e-mail and checked, data is typed into two systems before the kick-off call. The to-be books the kick-off and collects documents in a self-service portal.',
    '签约后客户要等内部交接，文件通过邮件索取并审核，数据要录入两个系统后才召开启动会。目标流程通过自助门户预约启动会并收集文件。',
  ),
  asIs: variant(onboardingName, false, text(
    'Today: about 8 new customers a day; the kick-off call, the first real answer, comes after one to two days (customers expect 2 hours); 8 tasks where 5 would do.',
    '现状：每天约 8 位新客户；启动会即第一次实质性答复要一到两天（客户期望 2 小时）；本可 5 步完成却有 8 项任务。',
  ), {
    lanes: onboardingLanes,
    start: onboardingStart,
    steps: [
      task('Task_Welcome', text('Send welcome e-mail', '发送欢迎邮件'), 'Lane_AccountManager', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      wait('Wait_Handover', text('Waits for the hand-over meeting', '等待交接会议'), 'Lane_AccountManager', hours(1, 3, 8)),
      task('Task_Handover', text('Hand over customer file', '移交客户档案'), 'Lane_AccountManager', minutes(10, 15, 30), 'nonValueAdding'),
      task('Task_RequestDocuments', text('Request company documents', '索取公司文件'), 'Lane_Onboarding', minutes(5, 10, 15), 'businessValueAdding', { type: 'sendTask' }),
      wait('Wait_Documents', text('Waits for the documents', '等待文件'), 'Lane_Onboarding', hours(1, 3, 8)),
      task('Task_CheckDocuments', text('Check documents (KYC)', '审核文件（KYC）'), 'Lane_Compliance', minutes(15, 20, 40), 'businessValueAdding'),
      documentsComplete,
      task('Task_CreateAccount', text('Create customer account', '创建客户账户'), 'Lane_Onboarding', minutes(10, 15, 25), 'businessValueAdding'),
      task('Task_Reenter', text('Re-enter data in billing system', '在计费系统中重新录入数据'), 'Lane_Onboarding', minutes(5, 10, 20), 'nonValueAdding'),
      task('Task_Kickoff', text('Kick-off call', '启动会'), 'Lane_Onboarding', minutes(30, 45, 60), 'valueAdding', { response: true }),
      task('Task_Training', text('Send training material', '发送培训资料'), 'Lane_Onboarding', minutes(5, 10, 15), 'valueAdding', { type: 'sendTask' }),
    ],
    end: onboardingEnd,
    resolutionSlaHours: 72,
  }),
  toBe: variant(onboardingName, true, text(
    'To be: the kick-off call comes first; the customer uploads documents in the portal; the account is created once and synchronised to billing.',
    '目标：先召开启动会；客户在门户中上传文件；账户只创建一次并自动同步到计费系统。',
  ), {
    lanes: onboardingLanes,
    start: onboardingStart,
    steps: [
      task('Task_Welcome', text('Send portal invitation', '发送门户邀请'), 'Lane_AccountManager', instant, 'businessValueAdding', { type: 'serviceTask', automated: true }),
      task('Task_Kickoff', text('Kick-off call', '启动会'), 'Lane_Onboarding', minutes(30, 45, 60), 'valueAdding', { response: true }),
      wait('Wait_Documents', text('Customer uploads documents', '客户上传文件'), 'Lane_Onboarding', hours(1, 3, 12)),
      task('Task_CheckDocuments', text('Check documents (KYC)', '审核文件（KYC）'), 'Lane_Compliance', minutes(15, 20, 40), 'businessValueAdding'),
      documentsComplete,
      task('Task_CreateAccount', text('Create account (synced to billing)', '创建账户（同步计费）'), 'Lane_Onboarding', minutes(10, 15, 25), 'businessValueAdding'),
    ],
    end: onboardingEnd,
    resolutionSlaHours: 72,
  }),
};

/** The built-in gallery, in the order the welcome page shows it. */
export const PROCESS_TEMPLATES: readonly ProcessTemplate[] = [leadToQuote, complaintHandling, returnsRma, quoteToOrder, afterSalesService, customerOnboarding];

/** The BPMN text of a template's as-is or to-be, with names, scenario and texts in `language`. */
export function templateXml(template: ProcessTemplate, which: 'asIs' | 'toBe', language: TemplateLanguage = 'en'): string {
  return buildTemplateXml(template[which], { id: `${template.id}-${which === 'asIs' ? 'as-is' : 'to-be'}`, scenarioId: which === 'asIs' ? 'as-is' : 'to-be', language });
}

/** A built-in template by id. */
export function findTemplate(id: string): ProcessTemplate | undefined {
  return PROCESS_TEMPLATES.find((t) => t.id === id);
}

/** Counts the tasks of a variant (both branches), the "12 steps where 8 would do" figure. */
export function templateTaskCount(variant: TemplateVariant): number {
  const count = (steps: readonly TemplateStep[]): number => steps.reduce((n, s) => n + (s.kind === 'task' ? 1 : s.kind === 'decision' ? count(s.otherwise) : 0), 0);
  return count(variant.steps);
}
