// Scorecard findings, "why this matters" and "not scored" reasons in Chinese. @leanflow/analysis writes them in
// English (the CLI and the reports read that text); the studio renders the built-in rules' sentences in Chinese from
// this table of their shapes. Element names (in "…"), numbers and currencies are kept; units become Chinese. A text
// no pattern knows (another plugin's rule) stays as written. `finding-texts.test.ts` scores the sample and the
// fixtures and fails on any built-in finding this table misses, so a changed English sentence cannot slip through.

type Rule = readonly [RegExp, string | ((...groups: string[]) => string)];

const UNITS: Record<string, string> = { s: '秒', min: '分钟', h: '小时', d: '天' };

/** "3.2 h" -> "3.2 小时" wherever a duration stands outside a quoted name. */
function units(text: string): string {
  return text.replace(/("[^"]*")|(\d[\d.,]*) (s|min|h|d)\b/g, (whole, quoted: string | undefined, value: string, unit: string) => (quoted ? whole : `${value} ${UNITS[unit] ?? unit}`)).replace(/\bunbounded\b/g, '无上限');
}

/** A pool or element name as analysis writes it (quoted, or bare for pools) -> “name”. */
function quote(name: string): string {
  return /^".*"$/.test(name) ? names(name) : `“${name}”`;
}

const DAYS: Record<string, string> = { Mon: '周一', Tue: '周二', Wed: '周三', Thu: '周四', Fri: '周五', Sat: '周六', Sun: '周日' };

/** A working-hours window ("Mon–Fri 09:00–17:00") with Chinese weekdays. */
function days(window: string): string {
  return window.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, (d) => DAYS[d]!);
}

/** "A", "B" -> “A”、“B” (names as analysis lists them, joined with commas). */
function names(list: string): string {
  return list.replace(/"([^"]*)"/g, '“$1”').replace(/, /g, '、');
}

/** "A" -> "B" (1.2), … -> “A”→“B”（1.2）、… */
function handOffs(list: string): string {
  return names(list).replace(/ -> /g, '→').replace(/ \(([\d.]+)\)/g, '（$1）');
}

const FINDINGS: readonly Rule[] = [
  // lean.ts
  [/^The typical case goes through ([\d.]+) manual steps \(target ([\d.]+)\)\. Automate, merge or drop steps that add no value\.$/, '典型案例经过 $1 个人工步骤（目标 $2）。请将不增值的步骤自动化、合并或删除。'],
  [/^Branch probabilities are assumed equal where the scenario gives none; set them for a sharper figure\.$/, '场景未给出分支概率的地方按均等分配估算；设置分支概率可得到更准确的数字。'],
  [/^([\d.]+%) of task executions add no value \(target at most ([\d.]+%)\): (.*)\.$/, (a, b, list) => `${a} 的任务执行不增值（目标不超过 ${b}）：${names(list)}。`],
  [/^A case changes hands ([\d.]+) times on average \(target ([\d.]+)\)\. Most taken: (.*)\.$/, (a, b, list) => `每个案例平均转手 ${a} 次（目标 ${b}）。最常见：${handOffs(list)}。`],
  [/^(\d+) approval or review steps in a row: (.*)\. Merge them into one approval or approve in parallel\.$/, (n, list) => `连续 ${n} 道审批或审核步骤：${handOffs(list)}。请合并为一道审批，或并行审批。`],
  [/^Work goes back from (".*?"|\S+) to (".*?"|\S+) in ([\d.]+%) of cases( \(assumed: the scenario gives no probabilities for this loop\))?, so it runs ([\d.]+) times per case on average\.$/,
    (from, to, p, assumed, n) => `${p} 的案例从${names(from)}退回到${names(to)}${assumed ? '（估算：场景未给出该回路的概率）' : ''}，因此每个案例平均执行 ${n} 次。`],
  [/^Work that reaches (".*?"|\S+) always comes back to it via (".*?"|\S+): the loop has no way out\.$/, (to, from) => `到达${names(to)}的工作总会经由${names(from)}回到它：该回路没有出口。`],
  [/^(".*?"|\S+) costs (.+?) per rejected case but runs before (".*?"|\S+) \((.+?) per rejection\)\. Run the cheaper check first\.$/,
    (a, cost, b, cost2) => `${names(a)}每个被拒案例耗时 ${units(cost)}，却在${names(b)}（每次拒绝 ${units(cost2)}）之前执行。请先做成本较低的检查。`],
  [/^Give (.*) a duration in the scenario to judge the order of the checks\.$/, (list) => `请在场景中为${names(list)}设置时长，以便判断检查的顺序。`],
  // dynamic.ts
  [/^([\d.]+%) of cases get a substantive response within (.+?) \(target ([\d.]+%)\); the mean first response takes (.+?)(?: \(ends at (.*)\))?\.$/,
    (share, sla, target, mean, ends) => `${share} 的案例在 ${units(sla)} 内得到实质性答复（目标 ${target}）；平均首次响应耗时 ${units(mean)}${ends ? `（止于${names(ends)}）` : ''}。`],
  [/^Cases take (.+?) on average to resolve \(target (.+?)\)(, measured as cycle time)?\.$/, (v, t, cycle) => `案例平均需要 ${units(v)} 才能解决（目标 ${units(t)}）${cycle ? '，按周期时间计' : ''}。`],
  [/^A case takes (.+?) for (.+?) of work \(flow factor ([\d.]+), target ([\d.]+)\)\.(?: Longest waits: (.*)\.)?$/,
    (c, w, f, t, waits) => `一个案例耗时 ${units(c)}，其中工作时间 ${units(w)}（流动系数 ${f}，即总耗时是工作时间的倍数，目标 ${t}）。${waits ? `等待最久：${units(names(waits))}。` : ''}`],
  [/^Only ([\d.]+%) of the cycle time adds value for the customer \(target ([\d.]+%)\)\.$/, '周期时间中只有 $1 为客户增值（目标 $2）。'],
  [/^(.+) is busy ([\d.]+%) of its working time \(band ([\d.]+%)-([\d.]+%)\): capacity is idle\.$/, (n, u, lo, hi) => `${quote(n)}在工作时间内的忙碌程度为 ${u}（健康区间 ${lo}–${hi}）：产能闲置。`],
  [/^(.+) is busy ([\d.]+%) of its working time \(band ([\d.]+%)-([\d.]+%)\): queues grow ([\d.]+)x longer than at ([\d.]+%) \(Kingman\)\.$/,
    (n, u, lo, hi, x, at) => `${quote(n)}在工作时间内的忙碌程度为 ${u}（健康区间 ${lo}–${hi}）：按金曼公式（排队等待随忙碌程度急剧增长），队列比忙碌程度为 ${at} 时长 ${x} 倍。`],
  [/^(.+) is overloaded: its queue kept growing while cases arrived \(busy ([\d.]+%) of its working time\); the queue grows without bound at this staffing\.$/,
    (n, u) => `${quote(n)}超负荷：案例到达期间队列持续增长（工作时间内忙碌 ${u}）；按当前人手，队列会无限增长。`],
  [/^"(.*)" is overloaded: the queue grows without bound at this staffing\. In its working hours \((.*)\) it gets ([\d.]+) h of work a week for ([\d.]+) person-hours \((\d+) (?:person|people)\): offered load (\d+%|infinite)\. Add people, cut the work per case, or take fewer cases\.$/,
    (n, window, work, capacity, people, load) => `“${n}”超负荷：按当前人手，队列会无限增长。在其工作时间（${days(window)}）内，每周有 ${work} 小时的工作，而只有 ${capacity} 人时（${people} 人）：负荷率 ${load === 'infinite' ? '无穷大' : load}。请增加人手、减少每个案例的工作量，或少接案例。`],
  [/^"(.*)" is overloaded: its queue kept growing while cases arrived \(offered load (\d+%) in its working hours, (.*)\)\. The averages understate the waiting; add people or cut the work per case\.$/,
    (n, load, window) => `“${n}”超负荷：案例到达期间队列持续增长（工作时间 ${days(window)} 内负荷率 ${load}）。平均值低估了等待时间；请增加人手或减少每个案例的工作量。`],
  [/^A case costs ([\d.]+) ?(\S*) on average \(target ([\d.]+) ?(\S*)\)\.$/, (c, cur, t, cur2) => `每个案例平均成本 ${c}${cur ? ` ${cur}` : ''}（目标 ${t}${cur2 ? ` ${cur2}` : ''}）。`],
  // model-quality.ts
  [/^The model has (\d+) elements \(at most (\d+) recommended\)\. Move parts into sub-processes\.$/, '模型有 $1 个元素（建议不超过 $2 个）。请把部分内容移入子流程。'],
  [/^Control-flow complexity is (\d+) \(target ([\d.]+)\)\. Largest contributions: (.*)\.$/, (c, t, list) => `控制流复杂度为 ${c}（目标 ${t}）。贡献最大的：${names(list)}。`],
  [/^The (parallel \(AND\)|inclusive \(OR\)|exclusive \(XOR\)) split (.+) has no matching join: its branches never meet again\.$/,
    (kind, n) => `${kind.startsWith('parallel') ? '并行（AND）' : kind.startsWith('inclusive') ? '包容（OR）' : '排他（XOR）'}分支网关${names(n)}没有对应的汇合网关：其分支再也不会汇合。`],
  [/^The gateway (.+) both joins and splits; draw two gateways\.$/, (n) => `网关${names(n)}既汇合又分支；请画成两个网关。`],
  [/^Possible deadlock: when not all branches of (.+?) run, (.+?) waits for ever\. Use an inclusive join\.$/, (s, j) => `可能死锁：当${names(s)}的分支没有全部执行时，${names(j)}会永远等待。请使用包容汇合。`],
  [/^Deadlock: only one of the branches of (.+?) runs, but (.+?) waits for all of them\. Use an exclusive join, or a parallel split\.$/, (s, j) => `死锁：${names(s)}只执行一个分支，但${names(j)}等待所有分支。请使用排他汇合，或并行分支。`],
  [/^Possible lack of synchronisation: when several branches of (.+?) run, (.+?) does not wait and what follows runs once per branch\. Use an inclusive join, or make the conditions exclusive with an XOR gateway\.$/,
    (s, j) => `可能缺少同步：当${names(s)}的多个分支执行时，${names(j)}不等待，后续步骤每个分支各执行一次。请使用包容汇合，或用 XOR 网关让条件互斥。`],
  [/^Lack of synchronisation: all branches of (.+?) run, but (.+?) does not wait, so what follows runs once per branch\. Use a parallel join\.$/,
    (s, j) => `缺少同步：${names(s)}的所有分支都会执行，但${names(j)}不等待，因此后续步骤每个分支各执行一次。请使用并行汇合。`],
  [/^No case can reach (?:(\d+) elements: )?(.*?)(, \.\.\.)?\. Connect or remove (?:it|them)\.$/, (n, list, more) => `没有案例能到达${n ? ` ${n} 个元素：` : ''}${names(list)}${more ? '等' : ''}。请连接或删除。`],
  [/^(\d+) of (\d+) elements that need a label have none: (.*?)(, \.\.\.)?\.$/, (m, n, list, more) => `${n} 个需要标签的元素中有 ${m} 个没有标签：${list}${more ? '等' : ''}。`],
  [/^(.+) starts all its outgoing flows in parallel without a gateway\. Add a parallel or exclusive gateway to say what is meant\.$/, (n) => `${names(n)}不经网关就并行启动所有输出流。请添加并行或排他网关，明确表达意图。`],
  // bpmnlint.ts
  [/^The overlap check \(bpmnlint no-overlapping-elements\) is skipped above (\d+) elements to keep scoring fast; switch it on in the scoring profile\.$/, '为保证评分速度，元素超过 $1 个时跳过重叠检查（bpmnlint no-overlapping-elements）；可在评分配置中开启。'],
];

/** The element kinds bpmnlint names ("Sub process is missing end event"). */
function container(type: string): string {
  return ({ Process: '流程', 'Sub process': '子流程', SubProcess: '子流程', 'Ad hoc sub process': '特别子流程', Transaction: '事务' } as Record<string, string>)[type] ?? type;
}

/** bpmnlint's own messages (the part before " (bpmnlint rule)"). */
const BPMNLINT: readonly Rule[] = [
  [/^Element is missing label\/name$/, '元素缺少标签/名称'],
  [/^Element is not connected$/, '元素未连接'],
  [/^Element is an implicit end$/, '元素是隐式结束'],
  [/^Element is an implicit start$/, '元素是隐式开始'],
  [/^Element is missing bpmndi$/, '元素缺少图形信息（BPMNDI）'],
  [/^Element is outside of parent boundary$/, '元素超出了父元素的边界'],
  [/^Element overlaps with other element$/, '元素与其他元素重叠'],
  [/^Element is missing name$/, '元素缺少名称'],
  [/^Element is unused$/, '元素未被使用'],
  [/^Element name is not unique$/, '元素名称不唯一'],
  [/^Element type <(.*)> is discouraged$/, '不建议使用元素类型 <$1>'],
  [/^Flow splits implicitly$/, '流程隐式分支'],
  [/^Gateway forks and joins$/, '网关既分支又汇合'],
  [/^Gateway is superfluous\. It only has one source and target\.$/, '网关多余：它只有一个来源和一个目标。'],
  [/^Incoming flows do not join$/, '输入流没有汇合'],
  [/^Sequence flow has superfluous label$/, '顺序流有多余的标签'],
  [/^Sequence flow is missing condition$/, '顺序流缺少条件'],
  [/^SequenceFlow is a duplicate$/, '顺序流重复'],
  [/^Duplicate outgoing sequence flows$/, '输出顺序流重复'],
  [/^Duplicate incoming sequence flows$/, '输入顺序流重复'],
  [/^Termination is superfluous\.$/, '终止多余。'],
  [/^(.+) has multiple blank start events$/, (type) => `${container(type)}有多个空白开始事件`],
  [/^(.+) is missing end event$/, (type) => `${container(type)}缺少结束事件`],
  [/^(.+) is missing start event$/, (type) => `${container(type)}缺少开始事件`],
  [/^Start event is missing event definition$/, '开始事件缺少事件定义'],
  [/^Start event must be blank$/, '开始事件必须是空白事件'],
  [/^Event has multiple event definitions$/, '事件有多个事件定义'],
  [/^Conditional event is missing a condition$/, '条件事件缺少条件'],
  [/^Link event is missing link name$/, '链接事件缺少链接名称'],
];

/** Rules' "why this matters" and "not scored" reasons: whole sentences. */
const SENTENCES: Readonly<Record<string, string>> = {
  'bpmnlint checks BPMN modelling conventions that other tools and readers rely on (https://github.com/bpmn-io/bpmnlint).': 'bpmnlint 检查其他工具和读者所依赖的 BPMN 建模约定（https://github.com/bpmn-io/bpmnlint）。',
  'Customers expect a substantive reply within 2 hours; the industry average is 24 hours. An automatic acknowledgement does not count.': '客户期望在 2 小时内得到实质性答复，而行业平均为 24 小时。自动确认回复不算。',
  'How long the customer waits for the matter to be settled drives satisfaction (6.5/10 in the study against 7.5 wanted).': '客户等待问题解决的时间决定满意度（研究中为 6.5/10，期望 7.5）。',
  'In most service processes cases spend far more time waiting than being worked on; waiting is where cycle time can be won.': '在大多数服务流程中，案例等待的时间远多于被处理的时间；缩短周期时间要从等待入手。',
  'Value-stream mapping: only value-adding time is what the customer pays for; the rest of the cycle time is waste to remove.': '价值流图：客户只为增值时间付费；周期时间的其余部分都是应消除的浪费。',
  "Below the band people sit idle (the study found under 60%); above it queues explode: by Kingman's formula waiting grows with u/(1-u), 5.7x the service time at 85% and 19x at 95%.":
    '低于该区间时人员闲置（研究发现低于 60%）；高于该区间时队列激增：按金曼公式，等待时间随 u/(1-u) 增长，忙碌程度 85% 时为服务时间的 5.7 倍，95% 时为 19 倍。',
  'Every extra step costs money: the study found 12 steps where 8 would do, +25% cost.': '每多一个步骤都要花钱：研究发现本需 8 步的流程平均有 12 步，成本增加 25%。',
  'The study found sales-service processes average 12 steps where 8 would do: +40% processing time and +25% cost.': '研究发现销售服务流程平均有 12 个步骤，而 8 个就够：处理时间增加 40%，成本增加 25%。',
  'Value-stream mapping separates value-adding work from waste; non-value-adding tasks are the first candidates to remove.': '价值流图把增值工作与浪费区分开；非增值任务是首先应删除的对象。',
  'Every hand-off between roles adds a queue, a context switch and a chance to lose information.': '角色之间的每次交接都会增加一次排队、一次工作切换和一次丢失信息的机会。',
  'Approvals in a row multiply waiting time while rarely adding a new decision; one approval with clear limits usually does.': '连续的审批成倍增加等待时间，却很少带来新的决定；一道权限清晰的审批通常就够了。',
  'Work that goes back is done twice: a return probability p makes the loop run 1/(1-p) times on average.': '退回的工作要做两遍：退回概率为 p 时，回路平均执行 1/(1-p) 次。',
  'Checks that can reject a case should run cheapest-per-rejection first, so fewer cases pay for the expensive checks.': '可能拒绝案例的检查应按每次拒绝成本从低到高执行，这样为昂贵检查付出代价的案例更少。',
  '7PMG G7: decompose models with more than 50 elements; above that size the error probability of models exceeds 50%.': '7PMG G7：超过 50 个元素的模型应拆分；超过这个规模，模型出错的概率高于 50%。',
  'Each decision multiplies the states a reader must keep in mind: XOR splits add their fan-out, OR splits 2^n - 1.': '每个决策都会成倍增加读者需要记住的状态：XOR 分支增加其分支数，OR 分支增加 2^n - 1。',
  '7PMG G4: model as structured as possible (each split closed by a join of the same type); G2: keep routing paths per element low (no gateway that both joins and splits).':
    '7PMG G4：模型尽量结构化（每个分支都由同类型的汇合关闭）；G2：每个元素的路由路径要少（不要既汇合又分支的网关）。',
  'An XOR split closed by an AND join waits forever (deadlock); an AND split closed by an XOR merge runs the rest twice (lack of synchronisation).': '由 AND 汇合关闭的 XOR 分支会永远等待（死锁）；由 XOR 合并关闭的 AND 分支会让后续步骤执行两次（缺少同步）。',
  'An element no case can reach is either dead weight or a missing connection; either way the model says something false.': '没有案例能到达的元素要么是多余的，要么缺少连接；无论哪种，模型表达的都是错误的内容。',
  '7PMG G6: label activities verb-object ("Prepare quote"), decisions as questions and their branches as answers.': '7PMG G6：活动用“动词+宾语”命名（如“准备报价”），决策用问题命名，分支用答案命名。',
  'An activity with several unconditional outgoing flows starts all of them in parallel; readers often take it for a choice. Draw the gateway.': '有多条无条件输出流的活动会并行启动所有输出流；读者常误以为是选择。请画出网关。',
  'Run a simulation first: this rule reads simulated times.': '请先运行仿真：此规则读取仿真得到的时间。',
  'The model has no flow nodes yet.': '模型还没有流程节点。',
  'bpmnlint needs the BPMN file itself (the parsed XML model).': 'bpmnlint 需要 BPMN 文件本身（解析后的 XML 模型）。',
  'The simulation reports no processing time, so the flow factor is undefined.': '仿真没有报告处理时间，因此流动系数无法计算。',
  'The simulation reports no value-adding time; classify tasks as value-adding in the scenario.': '仿真没有报告增值时间；请在场景中将任务标记为增值。',
  'The scenario has no resource pools.': '场景中没有资源池。',
  'Set a cost-per-case target in the scenario (or the scoring profile).': '请在场景（或评分配置）中设置每案例成本目标。',
  'The simulation reports no cost; give pools a cost per hour or tasks a fixed cost.': '仿真没有报告成本；请为资源池设置每小时成本，或为任务设置固定成本。',
  'Add a simulation scenario and classify tasks as value-adding, business-value-adding or non-value-adding.': '请添加仿真场景，并将任务标记为增值、业务增值或非增值。',
  'The scenario classifies no task yet.': '场景还没有为任何任务分类。',
  'No task is reached by a case.': '没有案例到达任何任务。',
  'The model has no lanes, so hand-offs between roles are unknown.': '模型没有泳道，因此无法得知角色之间的交接。',
};

const REASONS: readonly Rule[] = [
  [/^No task is flagged as the first substantive response, so first-response time is not measured: flag the task that first answers the customer(?: \(likely "(.*)"; the suggestion "Flag '.*' as the first substantive response" does it in one click\))?\.$/,
    (guess) => `没有任务被标记为首次实质性答复，因此不测量首次响应时间：请标记第一个答复客户的任务${guess ? `（可能是“${guess}”；建议“将“${guess}”标记为首次实质性答复”可一键完成）` : ''}。`],
];

function apply(rules: readonly Rule[], text: string): string | undefined {
  for (const [pattern, replacement] of rules) {
    const match = pattern.exec(text);
    if (!match) continue;
    return typeof replacement === 'string' ? text.replace(pattern, replacement) : replacement(...match.slice(1).map((g) => g ?? ''));
  }
  return undefined;
}

/**
 * A built-in finding message, "why" or reason in Chinese; `undefined` when the text is not one of the built-in
 * rules' sentences (it is then shown as written).
 *
 * @example
 * translateFinding('Only 9.6% of the cycle time adds value for the customer (target 25%).');
 * // '周期时间中只有 9.6% 为客户增值（目标 25%）。'
 */
export function translateFinding(text: string): string | undefined {
  const sentence = SENTENCES[text];
  if (sentence) return sentence;
  const lint = /^(.*) \(bpmnlint ([\w-]+)\)$/.exec(text);
  if (lint) {
    const translated = apply(BPMNLINT, lint[1]!);
    return translated === undefined ? undefined : `${translated}（bpmnlint ${lint[2]}）`;
  }
  return apply(FINDINGS, text) ?? apply(REASONS, text);
}

/** The text in the studio's language: Chinese where the table knows it, else as written. */
export function localizeFinding(text: string, language: string): string {
  return language === 'zh-CN' ? (translateFinding(text) ?? text) : text;
}

/**
 * What the scorecard shows for a rule's English text: the built-in sentences from the table above, then the plugins'
 * own translations (their manifest `l10n`: rule titles, plugin names), else the text as written.
 */
export function findingLocalizer(language: string, pluginText?: (text: string) => string | undefined): (text: string) => string {
  return (text) => {
    const builtIn = language === 'zh-CN' ? translateFinding(text) : undefined;
    return builtIn ?? pluginText?.(text) ?? text;
  };
}
