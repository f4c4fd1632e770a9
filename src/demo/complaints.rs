//! The demo's complaints desk (issue 9 §3–5): what a lobby desk has open on a normal day —
//! a general complaint overdue, a major one due today, one waiting for its follow-up visit,
//! one handled again after an unsatisfied follow-up (CMP-8), one about a guard's conduct with
//! witnesses (CMP-12), an extra-urgent repair reported minutes ago, an urgent one engineering
//! has received and a normal one being worked on — and about six months of closed complaints
//! behind them, so the statistics page has bars and rates to show (CMP-11).
//!
//! Everything goes through the store's own complaint and repair writes, in the order a desk
//! would have made them and each at its own past moment, so every row is checked, chained
//! and audited as at the desk; they are committed together ([`Store::complaints_in_bulk`]),
//! since six months of steps each synced to disk on its own would slow the demo's start.
//! The people are the lobby directory's residents and companies (`lobby.rs`), the
//! conversations the standard phrases (`crate::phrases`). Deterministic for a given `now`.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::lobby::person;
use super::people::Rng;
use crate::domain::complaint::{
    Category, Channel, Complaint, ComplaintEvent, ComplaintForm, Nature, Repair, RepairEvent,
    RepairForm, Urgency, validate_complaint, validate_repair,
};
use crate::domain::lobby::{OccupantId, OccupantKind};
use crate::domain::rotation::StaffId;
use crate::domain::workdays::{WorkCalendar, local_hour};
use crate::phrases;
use crate::store::complaint::ComplaintLoad;
use crate::store::{Result, Store, StoreError};

/// Someone in the directory who may complain: a resident, or a person at a company.
#[derive(Debug, Clone)]
struct Party {
    occupant: OccupantId,
    /// The resident's name; empty for a company (a person there is named at each call).
    name: String,
    company: String,
    phone: String,
}

impl Party {
    fn form(&self, rng: &mut Rng) -> ComplaintForm {
        ComplaintForm {
            complainant: match self.name.is_empty() {
                true => person(rng),
                false => self.name.clone(),
            },
            company: self.company.clone(),
            occupant: Some(self.occupant),
            phone: self.phone.clone(),
            ..ComplaintForm::default()
        }
    }
}

/// The directory's occupants with a phone: residents first, then companies, by address.
fn parties(store: &Store) -> Result<Vec<Party>> {
    let mut out = Vec::new();
    for host in store.occupants_matching("", 500)? {
        let Some(record) = store.occupant(host.id)? else {
            continue;
        };
        let Some(phone) = record.occupant.phones.first() else {
            continue;
        };
        let (name, company) = match host.kind {
            OccupantKind::Resident => (host.name.clone(), String::new()),
            OccupantKind::Company => (String::new(), host.name.clone()),
        };
        out.push(Party {
            occupant: host.id,
            name,
            company,
            phone: phone.as_str().to_owned(),
        });
    }
    out.sort_by_key(|p| p.name.is_empty());
    Ok(out)
}

/// A kind of complaint the office hears, with how it was handled.
struct Topic {
    category: Category,
    /// The department's key (`ui::complaints::labels::DEPARTMENTS`).
    department: &'static str,
    /// Percent of these that are major rather than general.
    major: u64,
    what: &'static str,
    cause: &'static str,
    solution: &'static str,
    reply: &'static str,
    /// What the customer says when it is not solved (CMP-8).
    again: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        category: Category::Security,
        department: "security",
        major: 20,
        what: "小区东门门禁坏了好几天,外来人员随意进出",
        cause: "东门读卡器主板损坏,备件未到",
        solution: "更换读卡器;修好前东门安排保安值守登记",
        reply: "东门门禁已换新读卡器,恢复刷卡进出",
        again: "晚上东门还是没人看,门一直开着",
    },
    Topic {
        category: Category::Security,
        department: "security",
        major: 30,
        what: "地下车库有陌生人半夜试拉车门,没见保安巡逻",
        cause: "夜班巡逻路线漏掉负二层",
        solution: "夜班巡逻加负二层,每两小时一次并签到",
        reply: "已调整夜班巡逻路线,负二层每两小时巡查一次",
        again: "前天夜里负二层还是没看到人巡逻",
    },
    Topic {
        category: Category::Power,
        department: "engineering",
        major: 0,
        what: "楼道灯晚上不亮,老人上下楼很不安全",
        cause: "三至六层声控开关老化",
        solution: "更换全楼声控开关",
        reply: "三至六层声控开关已全部更换,晚上正常亮灯",
        again: "五楼的灯还是时亮时不亮",
    },
    Topic {
        category: Category::Power,
        department: "customer_service",
        major: 60,
        what: "昨晚停电两个小时,事先没有任何通知",
        cause: "供电局线路检修,管理处收到通知后未及时张贴",
        solution: "停电停水通知收到后两小时内张贴并群发短信",
        reply: "已向您说明停电原因并致歉,今后停电提前短信通知",
        again: "这次停水还是没收到短信",
    },
    Topic {
        category: Category::Water,
        department: "engineering",
        major: 10,
        what: "早上用水高峰水压很小,热水器打不着火",
        cause: "二次供水加压泵压力设定偏低",
        solution: "调高加压泵压力设定,早高峰加开一台泵",
        reply: "加压泵已调整,早高峰水压恢复正常",
        again: "早上七点多水压还是小",
    },
    Topic {
        category: Category::Water,
        department: "engineering",
        major: 50,
        what: "自来水发黄,有铁锈味,不敢喝",
        cause: "水箱清洗后管道积锈冲出",
        solution: "冲洗立管,送水样检测",
        reply: "立管已冲洗,水质检测合格,报告贴在大堂",
        again: "放水时头一桶还是发黄",
    },
    Topic {
        category: Category::FireAndOrder,
        department: "security",
        major: 10,
        what: "楼上装修中午和晚上还在施工,噪音太大",
        cause: "装修队未遵守施工时间规定",
        solution: "书面通知装修队,午休和晚上禁止施工,保安巡查",
        reply: "已书面通知装修队,12点至14点和18点后不得施工",
        again: "中午还是有电钻声",
    },
    Topic {
        category: Category::FireAndOrder,
        department: "security",
        major: 30,
        what: "消防通道被电动车和杂物堵住",
        cause: "住户在楼道停放电动车、堆放纸箱",
        solution: "清理通道,张贴告示,电动车统一停到车棚",
        reply: "消防通道已清理,电动车已劝导停到车棚",
        again: "过了两天楼道里又停满了电动车",
    },
    Topic {
        category: Category::Sanitation,
        department: "cleaning",
        major: 0,
        what: "楼道垃圾两天没人清运,气味很大",
        cause: "保洁员请假,替班人员漏掉这个单元",
        solution: "当天清运并消毒,排班表补上该单元",
        reply: "垃圾已清运并消毒,替班表已补上您这个单元",
        again: "昨天的垃圾今天还没收",
    },
    Topic {
        category: Category::Sanitation,
        department: "cleaning",
        major: 0,
        what: "电梯里有宠物粪便,一上午没人清理",
        cause: "早班保洁巡查电梯间隔过长",
        solution: "电梯每两小时巡查一次,张贴文明养宠告示",
        reply: "已清理消毒,电梯改为每两小时巡查一次",
        again: "电梯里又有,还是没人及时清",
    },
    Topic {
        category: Category::Greening,
        department: "greening",
        major: 10,
        what: "草坪打药没有提前通知,孩子就在旁边玩",
        cause: "绿化部打药前未张贴告示",
        solution: "打药前一天张贴告示并拉警戒线",
        reply: "已致歉;今后打药前一天张贴告示并拉警戒线",
        again: "这次打药还是没看到告示",
    },
    Topic {
        category: Category::Greening,
        department: "greening",
        major: 0,
        what: "窗外的树枝挡住窗户,屋里白天都要开灯",
        cause: "修剪计划未覆盖该楼北侧",
        solution: "修剪北侧乔木枝条",
        reply: "北侧树枝已修剪,不再挡窗",
        again: "只剪了一半,卧室窗外还挡着",
    },
    Topic {
        category: Category::PublicFacilities,
        department: "engineering",
        major: 60,
        what: "电梯这周两次停在半层,里面的人被困",
        cause: "维保单位检查:制动器磨损,平层感应器松动",
        solution: "更换制动器和平层感应器,检测合格后恢复运行",
        reply: "电梯已更换制动器,检测合格并恢复运行",
        again: "电梯昨天又停了一次",
    },
    Topic {
        category: Category::PublicFacilities,
        department: "engineering",
        major: 0,
        what: "单元门闭门器坏了,门关不上",
        cause: "闭门器液压油漏光",
        solution: "更换闭门器",
        reply: "单元门闭门器已更换",
        again: "门还是关不严,要用手推",
    },
    Topic {
        category: Category::RepairService,
        department: "engineering",
        major: 20,
        what: "报修卫生间漏水,约好的维修师傅没来",
        cause: "派工单未交接,师傅不知道有预约",
        solution: "当天补派,派工单当面交接签字",
        reply: "已致歉;漏水已修好,派工单改为当面交接",
        again: "修过以后还在往楼下渗",
    },
    Topic {
        category: Category::RepairService,
        department: "engineering",
        major: 0,
        what: "维修后地上留下很多灰和垃圾,师傅没清理",
        cause: "维修人员未按规范清场",
        solution: "安排保洁清理,维修完工须清场并请住户确认",
        reply: "已安排清理;完工清场已列入维修规范",
        again: "阳台上的灰还是没清",
    },
    Topic {
        category: Category::ServiceAttitude,
        department: "customer_service",
        major: 10,
        what: "服务中心电话打了好几次都没人接",
        cause: "午间只留一人值班,忙时无人接听",
        solution: "午间两人值班,未接来电半小时内回拨",
        reply: "午间已改为两人值班,未接来电半小时内回拨",
        again: "中午打过去还是没人接",
    },
    Topic {
        category: Category::ServiceAttitude,
        department: "customer_service",
        major: 20,
        what: "收费处工作人员说话不耐烦",
        cause: "经核实,该员工当时语气生硬",
        solution: "当事员工致歉,全员复训规范用语",
        reply: "当事员工已当面致歉,收费处已复训规范用语",
        again: "道歉只是走过场",
    },
    Topic {
        category: Category::Other,
        department: "customer_service",
        major: 0,
        what: "快递柜经常满,快递就放在大堂地上",
        cause: "快递柜格口不足",
        solution: "与快递柜公司协调增加一组柜子",
        reply: "已增加一组快递柜,大堂不再堆放快递",
        again: "晚上快递还是堆在地上",
    },
    Topic {
        category: Category::Other,
        department: "cleaning",
        major: 0,
        what: "电梯和楼道里贴满了小广告",
        cause: "外来人员趁门禁故障进入张贴",
        solution: "清除小广告,加强门禁登记",
        reply: "小广告已全部清除,外来人员进门须登记",
        again: "清了两天又贴满了",
    },
];

/// What is explained and settled at the desk: closed at intake (002 3.3.6.3).
const ON_THE_SPOT: &[(Category, &str)] = &[
    (
        Category::Other,
        "物业费账单比上月多,怀疑多收(已当场核对:含上月水费)",
    ),
    (
        Category::Security,
        "快递员被保安拦在门外(已当场说明快递进门登记规定)",
    ),
    (
        Category::Other,
        "车库月租涨价没通知(已当场出示公示和物价备案)",
    ),
    (
        Category::Sanitation,
        "垃圾分类桶位置不方便(已当场说明投放点和时间)",
    ),
];

/// Who handles what: the person assigned and the head who signs (CMP-7, CMP-10).
fn staff_of(department: &str) -> (&'static str, &'static str) {
    match department {
        "engineering" => ("工程部 李工", "工程部 周经理"),
        "cleaning" => ("保洁部 孙主管", "保洁部 何经理"),
        "security" => ("保安部 郑队长", "保安部 冯经理"),
        "greening" => ("绿化部 吴师傅", "绿化部 吴主管"),
        _ => ("客服中心 林主管", "客服中心 许经理"),
    }
}

/// A phrase of the library as said at this office's desk, `{deadline}` filled.
fn spoken(id: &str, office: &str, deadline: Option<NaiveDate>) -> String {
    let phrase = phrases::get(id).expect("the demo's phrases are shipped");
    let deadline = deadline
        .map(|d| d.format("%-m月%-d日").to_string())
        .unwrap_or_default();
    phrases::fill_blanks(&phrase.zh, office, &[("deadline", &deadline)]).text
}

/// One write of the desk, at its moment.
struct Op {
    at: DateTime<Utc>,
    by: StaffId,
    /// Which complaint or work order of the demo (an index into what is written).
    item: usize,
    act: Act,
}

enum Act {
    File {
        complaint: Box<Complaint>,
        /// The phrases said at intake, counted in the library (CMP-3).
        phrases: Vec<&'static str>,
    },
    Step(ComplaintEvent),
    Repair(Box<Repair>),
    RepairStep(RepairEvent),
}

/// The demo's desk: the office's calendar and time zone, and the writes planned so far.
struct Plan<'a> {
    clerk: StaffId,
    boss: StaffId,
    office: String,
    tz: Tz,
    cal: WorkCalendar,
    now: DateTime<Utc>,
    today: NaiveDate,
    ops: Vec<Op>,
    items: usize,
    parties: &'a [Party],
    /// How many of `parties`, from the first, are residents.
    residents: usize,
}

impl Plan<'_> {
    /// `day` at `hour`:`minute`, office time.
    fn at(&self, day: NaiveDate, hour: u8, minute: i64) -> DateTime<Utc> {
        local_hour(day, hour, self.tz) + Duration::minutes(minute)
    }

    /// The `n`th working day before today.
    fn back(&self, n: u32) -> NaiveDate {
        let mut day = self.today;
        let mut left = n;
        while left > 0 {
            day = day.pred_opt().expect("a day before");
            if self.cal.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    fn item(&mut self) -> usize {
        self.items += 1;
        self.items - 1
    }

    fn push(&mut self, at: DateTime<Utc>, item: usize, act: Act) {
        let by = match &act {
            Act::Step(ComplaintEvent::Evaluate { .. }) => self.boss,
            _ => self.clerk,
        };
        self.ops.push(Op { at, by, item, act });
    }

    /// Files a complaint as the intake does: the conversation, and (when it goes to a
    /// department) its classification at the same moment (CMP-4). Returns its item.
    fn file(
        &mut self,
        at: DateTime<Utc>,
        form: ComplaintForm,
        phrases: Vec<&'static str>,
        classified: Option<(Nature, Category, &str)>,
    ) -> usize {
        let item = self.item();
        let deadline = classified.map(|(n, _, _)| self.cal.deadline(at, self.tz, n, 0));
        let conversation = phrases
            .iter()
            .map(|id| spoken(id, &self.office, deadline))
            .collect();
        let complaint = validate_complaint(&ComplaintForm {
            conversation,
            ..form
        })
        .expect("the demo's complaints are valid");
        let complaint = Box::new(complaint);
        self.push(at, item, Act::File { complaint, phrases });
        if let Some((nature, category, department)) = classified {
            let event = ComplaintEvent::DetermineNature {
                nature,
                category,
                department: department.to_owned(),
            };
            self.push(at, item, Act::Step(event));
        }
        item
    }

    fn step(&mut self, at: DateTime<Utc>, item: usize, event: ComplaintEvent) {
        self.push(at, item, Act::Step(event));
    }

    /// The steps from the investigation to the reply, the last at `reply_at` (CMP-7, CMP-10).
    fn handle(&mut self, item: usize, topic: &Topic, from: DateTime<Utc>, reply_at: DateTime<Utc>) {
        let (person, head) = staff_of(topic.department);
        let investigated = from + Duration::minutes(50);
        let assigned = investigated + Duration::minutes(15);
        let proposed = (reply_at - Duration::minutes(100)).max(assigned + Duration::minutes(20));
        let signed = proposed + Duration::minutes(40);
        let replied = reply_at.max(signed + Duration::minutes(20));
        self.step(
            investigated,
            item,
            ComplaintEvent::Investigate {
                cause: topic.cause.into(),
            },
        );
        self.step(
            assigned,
            item,
            ComplaintEvent::Assign {
                person: person.into(),
            },
        );
        self.step(
            proposed,
            item,
            ComplaintEvent::ProposeSolution {
                text: topic.solution.into(),
            },
        );
        self.step(
            signed,
            item,
            ComplaintEvent::HeadSigns { head: head.into() },
        );
        self.step(
            replied,
            item,
            ComplaintEvent::Reply {
                text: topic.reply.into(),
            },
        );
    }

    fn repair(&mut self, at: DateTime<Utc>, form: RepairForm) -> usize {
        let item = self.item();
        let repair = validate_repair(&form).expect("the demo's repairs are valid");
        self.push(at, item, Act::Repair(Box::new(repair)));
        item
    }

    fn repair_step(&mut self, at: DateTime<Utc>, item: usize, event: RepairEvent) {
        self.push(at, item, Act::RepairStep(event));
    }

    /// The `n`th resident (wrapping): the open cases are residents' own.
    fn resident(&self, n: usize) -> &Party {
        &self.parties[n % self.residents]
    }
}

/// The conversation of an ordinary intake: greeting, an apology, the promise of a time, the
/// farewell; now and then a request to repeat or to wait (CMP-2, CMP-3, CMP-9).
fn conversation(rng: &mut Rng) -> Vec<&'static str> {
    let mut out = vec!["greet_complaint_desk"];
    if rng.chance(25) {
        out.push(*rng.pick(&["clarify", "clarify_2", "wait"]));
    }
    out.push(*rng.pick(&["empathise", "empathise_2", "empathise_3", "empathise_4"]));
    if rng.chance(20) {
        out.push("thank");
    }
    out.push("promise_2");
    out.push(*rng.pick(&["farewell", "offer"]));
    out
}

fn channel(rng: &mut Rng) -> Channel {
    *rng.weighted(&[
        (Channel::Phone, 45),
        (Channel::InPerson, 35),
        (Channel::Online, 10),
        (Channel::Letter, 5),
        (Channel::ThroughSomeone, 5),
    ])
}

/// About six months of closed complaints, the oldest first: a few dozen a month, most
/// replied on time and satisfied at the first follow-up, some late, some handled twice.
fn history(plan: &mut Plan<'_>, rng: &mut Rng) {
    let first = plan.today.with_day(1).expect("day 1") - Months::new(5);
    // Everything of the history is closed well before the open complaints begin.
    let last = plan.today - Duration::days(14);
    let mut month = first;
    let mut index = 0u32;
    while month <= last {
        let next = month + Months::new(1);
        let days = (next - month).num_days();
        // Busier in some months; later months a little better handled.
        let count = 22 + rng.below(16);
        let late = 16u64.saturating_sub(u64::from(index) * 2);
        let unsatisfied = 14u64.saturating_sub(u64::from(index));
        let mut recorded: Vec<DateTime<Utc>> = (0..count)
            .map(|_| {
                let day = month + Duration::days(rng.below(days as usize) as i64);
                plan.at(day, 8, 30 + rng.below(9 * 60) as i64)
            })
            .filter(|t| t.with_timezone(&plan.tz).date_naive() <= last)
            .collect();
        recorded.sort();
        for at in recorded {
            closed_complaint(plan, rng, at, late, unsatisfied);
        }
        month = next;
        index += 1;
    }
}

/// One complaint from intake to evaluation, recorded at `at`.
fn closed_complaint(plan: &mut Plan<'_>, rng: &mut Rng, at: DateTime<Utc>, late: u64, no: u64) {
    let (mark, now) = (plan.ops.len(), plan.now);
    let party = plan.parties[rng.below(plan.parties.len())].clone();
    let mut form = party.form(rng);
    form.channel = Some(channel(rng));
    if rng.chance(12) {
        let (category, what) = *rng.pick(ON_THE_SPOT);
        form.what_happened = what.into();
        form.answered_on_spot = true;
        form.category = Some(category);
        let said = vec!["greet_complaint_desk", "wait", "thank", "offer"];
        plan.file(at, form, said, None);
        return;
    }
    let topic = rng.pick(TOPICS);
    let nature = match rng.chance(topic.major) {
        true if rng.chance(8) => Nature::Serious,
        true => Nature::Major,
        false => Nature::General,
    };
    form.what_happened = topic.what.into();
    let item = plan.file(
        at,
        form,
        conversation(rng),
        Some((nature, topic.category, topic.department)),
    );
    let tz = plan.tz;
    let day = at.with_timezone(&tz).date_naive();
    let due = plan.cal.deadline(at, tz, nature, 0);
    // The reply: on the day it is due or before, or (now and then) a working day or two late.
    let reply_day = match rng.chance(late) {
        true => plan.cal.add_working_days(due, 1 + rng.below(2) as u32),
        false => {
            let earliest = match at.with_timezone(&tz).hour() < 13 {
                true => day,
                false => plan.cal.next_working_day(day),
            };
            let span = plan.cal.add_working_days(
                earliest,
                rng.below(usize::from(nature.working_days())) as u32,
            );
            span.min(due).max(earliest)
        }
    };
    let reply_at = plan.at(reply_day, 15, rng.below(150) as i64);
    plan.handle(item, topic, at, reply_at);
    let mut replied = reply_at.max(at + Duration::hours(3));
    let satisfied_remarks = ["满意,处理得挺及时", "已经好了,谢谢", "满意", "可以,辛苦了"];
    // CMP-8: not satisfied, handled again and visited again.
    if rng.chance(no) {
        let day = replied.with_timezone(&tz).date_naive();
        let visit = plan.at(plan.cal.add_working_days(day, 1), 10, rng.below(90) as i64);
        plan.step(
            visit,
            item,
            ComplaintEvent::FollowUp {
                satisfied: false,
                remarks: topic.again.into(),
            },
        );
        let again = plan.at(
            plan.cal
                .next_working_day(visit.with_timezone(&tz).date_naive()),
            15,
            rng.below(120) as i64,
        );
        plan.handle(item, topic, visit, again);
        replied = again;
    }
    let day = replied.with_timezone(&tz).date_naive();
    let visit = plan.at(
        plan.cal.add_working_days(day, 1 + rng.below(2) as u32),
        10,
        rng.below(100) as i64,
    );
    plan.step(
        visit,
        item,
        ComplaintEvent::FollowUp {
            satisfied: true,
            remarks: (*rng.pick(&satisfied_remarks)).into(),
        },
    );
    let evaluation = match reply_day > due {
        true => "答复超时,已提醒责任部门按时限办理;住户回访满意",
        false => "按时处理,住户回访满意",
    };
    plan.step(
        visit + Duration::minutes(40 + rng.below(120) as i64),
        item,
        ComplaintEvent::Evaluate {
            text: evaluation.into(),
        },
    );
    // One that would still be open (a long holiday near today) is left out of the history.
    if plan.ops[mark..]
        .iter()
        .any(|o| o.at > now - Duration::days(1))
    {
        plan.ops.truncate(mark);
    }
}

/// What is open at the desk now.
fn open_now(plan: &mut Plan<'_>, rng: &mut Rng) {
    let now = plan.now;
    let party = |plan: &Plan<'_>, n: usize| plan.resident(n).clone();

    // A general complaint recorded two working days ago, assigned, not replied: overdue.
    let topic = &TOPICS[8];
    let mut form = party(plan, 1).form(rng);
    form.channel = Some(Channel::Phone);
    form.what_happened = "楼道垃圾两天没人清运,气味很大,还招苍蝇".into();
    form.when_happened = "前天开始".into();
    let at = plan.at(plan.back(2), 16, 20);
    let said = vec![
        "greet_complaint_desk",
        "empathise_2",
        "promise_2",
        "farewell",
    ];
    let item = plan.file(
        at,
        form,
        said,
        Some((Nature::General, topic.category, topic.department)),
    );
    let morning = plan.at(plan.back(1), 9, 10);
    plan.step(
        morning,
        item,
        ComplaintEvent::Investigate {
            cause: topic.cause.into(),
        },
    );
    plan.step(
        morning + Duration::minutes(25),
        item,
        ComplaintEvent::Assign {
            person: staff_of(topic.department).0.into(),
        },
    );

    // A major one due today: its solution waits for the head's signature (CMP-10).
    let topic = &TOPICS[12];
    let mut form = party(plan, 4).form(rng);
    form.channel = Some(Channel::InPerson);
    form.what_happened = "电梯这周两次停在半层,我母亲被困了二十分钟".into();
    form.when_happened = "周一晚上和昨天早上".into();
    let at = plan.at(plan.back(3), 10, 5);
    let said = vec![
        "greet_complaint_desk",
        "clarify",
        "empathise_4",
        "promise_2",
        "offer",
    ];
    let item = plan.file(
        at,
        form,
        said,
        Some((Nature::Major, topic.category, topic.department)),
    );
    plan.step(
        at + Duration::hours(4),
        item,
        ComplaintEvent::Investigate {
            cause: topic.cause.into(),
        },
    );
    plan.step(
        plan.at(plan.back(2), 9, 0),
        item,
        ComplaintEvent::Assign {
            person: staff_of(topic.department).0.into(),
        },
    );
    plan.step(
        plan.at(plan.back(1), 16, 0),
        item,
        ComplaintEvent::ProposeSolution {
            text: topic.solution.into(),
        },
    );

    // Replied, and waiting for its follow-up visit (CMP-8).
    let topic = &TOPICS[4];
    let mut form = party(plan, 7).form(rng);
    form.channel = Some(Channel::Phone);
    form.what_happened = "早上七点到八点水压很小,热水器打不着火".into();
    form.when_happened = "这一周每天早上".into();
    let day = plan.back(2);
    let at = plan.at(day, 8, 50);
    let said = vec![
        "greet_complaint_desk",
        "empathise_3",
        "promise_2",
        "farewell",
    ];
    let item = plan.file(
        at,
        form,
        said,
        Some((Nature::General, topic.category, topic.department)),
    );
    let reply_at = plan.at(day, 16, 10);
    plan.handle(item, topic, at, reply_at);

    // Not satisfied at the follow-up: handled again, a second round (CMP-8).
    let topic = &TOPICS[6];
    let mut form = party(plan, 10).form(rng);
    form.channel = Some(Channel::InPerson);
    form.what_happened = "楼上装修,中午和晚上九点以后还在打电钻".into();
    form.when_happened = "上周开始,几乎每天".into();
    let at = plan.at(plan.back(5), 12, 40);
    let said = vec![
        "greet_complaint_desk",
        "empathise_3",
        "thank",
        "promise_2",
        "farewell",
    ];
    let item = plan.file(
        at,
        form,
        said,
        Some((Nature::General, topic.category, topic.department)),
    );
    plan.handle(item, topic, at, plan.at(plan.back(4), 11, 0));
    let visit = plan.at(plan.today, 9, 20).min(now - Duration::hours(2));
    plan.step(
        visit,
        item,
        ComplaintEvent::FollowUp {
            satisfied: false,
            remarks: "昨天中午还是有电钻声,孩子没法午睡".into(),
        },
    );
    plan.step(
        visit + Duration::minutes(30),
        item,
        ComplaintEvent::Investigate {
            cause: "保安午间巡查:楼上装修队仍在施工,负责人称工期紧".into(),
        },
    );
    plan.step(
        visit + Duration::minutes(50),
        item,
        ComplaintEvent::Assign {
            person: "保安部 郑队长".into(),
        },
    );

    // About a guard's conduct, with witnesses and evidence (CMP-12), taken this morning.
    let mut form = party(plan, 13).form(rng);
    form.channel = Some(Channel::InPerson);
    form.what_happened = "大堂保安不让我朋友进门,大声呵斥,还推了我一下".into();
    form.when_happened = "刚才在大堂".into();
    form.about_staff = true;
    form.witnesses = "同单元邻居刘女士;当时在大堂等候的快递员".into();
    form.evidence = "大堂监控录像".into();
    let said = vec![
        "greet_complaint_desk",
        "clarify",
        "empathise_4",
        "empathise",
        "promise_2",
        "farewell",
    ];
    plan.file(
        now - Duration::minutes(95),
        form,
        said,
        Some((Nature::Major, Category::ServiceAttitude, "security")),
    );

    // Repairs (CMP-6): a burst pipe minutes ago, a power cut engineering has received, a
    // dripping tap being worked on.
    let repair = |plan: &Plan<'_>, n: usize, what: &str, urgency, appointment: &str| {
        let p = plan.resident(n);
        RepairForm {
            customer: p.name.clone(),
            phone: p.phone.clone(),
            occupant: Some(p.occupant),
            unit: String::new(),
            what: what.into(),
            appointment: appointment.into(),
            urgency: Some(urgency),
        }
    };
    let form = repair(
        plan,
        2,
        "厨房水管爆裂,水已经漫到客厅",
        Urgency::ExtraUrgent,
        "",
    );
    plan.repair(now - Duration::minutes(6), form);
    let form = repair(plan, 5, "家里突然停电,总闸推不上去", Urgency::Urgent, "");
    let item = plan.repair(now - Duration::minutes(9), form);
    plan.repair_step(
        now - Duration::minutes(7),
        item,
        RepairEvent::Receive {
            by: "工程部 张师傅".into(),
        },
    );
    let form = repair(
        plan,
        9,
        "卫生间水龙头一直滴水,关不紧",
        Urgency::Normal,
        "今天下午,家里有人",
    );
    let at = now - Duration::minutes(130);
    let item = plan.repair(at, form);
    plan.repair_step(
        at + Duration::minutes(10),
        item,
        RepairEvent::Receive {
            by: "工程部 张师傅".into(),
        },
    );
    plan.repair_step(
        at + Duration::minutes(55),
        item,
        RepairEvent::Plan {
            plan: "更换水龙头阀芯,配件下午领到后安装".into(),
            responsibility: "业主自费".into(),
        },
    );
}

/// Writes the complaints desk as of `now`: the history, then what is open, every write at
/// its own moment and in the order of those moments, in one transaction.
pub fn write(store: &mut Store, clerk: StaffId, boss: StaffId, now: DateTime<Utc>) -> Result<()> {
    let settings = store.office_settings()?;
    let tz = settings.timezone();
    let parties = parties(store)?;
    let residents = parties.iter().filter(|p| !p.name.is_empty()).count();
    if residents == 0 {
        return Err(StoreError::Other("the demo directory has no phones".into()));
    }
    let mut plan = Plan {
        clerk,
        boss,
        office: store.office_name()?.unwrap_or_default(),
        tz,
        cal: store.calendar()?,
        now,
        today: now.with_timezone(&tz).date_naive(),
        ops: Vec::new(),
        items: 0,
        parties: &parties,
        residents,
    };
    let mut rng = Rng(0xc0de_2026_0009);
    history(&mut plan, &mut rng);
    open_now(&mut plan, &mut rng);
    // Nothing in the future, whatever the hour the demo starts.
    plan.ops.retain(|op| op.at <= now);
    // The desk wrote them as they happened (a stable sort: a complaint before its first step).
    plan.ops.sort_by_key(|op| op.at);
    let items = plan.items;
    store.complaints_in_bulk(|load| run(load, plan.ops, items))
}

#[derive(Clone, Copy)]
enum Written {
    No,
    Complaint(crate::domain::complaint::ComplaintId),
    Repair(crate::domain::complaint::RepairId),
}

fn run(load: &ComplaintLoad<'_>, ops: Vec<Op>, items: usize) -> Result<()> {
    let mut written = vec![Written::No; items];
    let missing = || StoreError::Other("a demo step before its complaint".into());
    for op in ops {
        match (op.act, written[op.item]) {
            (Act::File { complaint, phrases }, _) => {
                let id = load.file_complaint(op.by, &complaint, op.at)?;
                for phrase in phrases {
                    load.count_phrase_use(phrase)?;
                }
                written[op.item] = Written::Complaint(id);
            }
            (Act::Step(event), Written::Complaint(id)) => {
                load.complaint_step(op.by, id, &event, None, op.at)?;
            }
            (Act::Repair(repair), _) => {
                written[op.item] = Written::Repair(load.file_repair(op.by, &repair, op.at)?);
            }
            (Act::RepairStep(event), Written::Repair(id)) => {
                load.repair_step(op.by, id, &event, op.at)?;
            }
            _ => return Err(missing()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::complaint::{Countdown, MonthStats};
    use crate::domain::settings::OfficeSettings;
    use crate::store::complaint::{OpenRef, Progress};

    fn demo(now: DateTime<Utc>) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::populate(&mut store, &OfficeSettings::default(), now).unwrap();
        store
    }

    #[test]
    fn cmp_5_cmp_6_cmp_8_cmp_12_the_demo_desk_has_open_work_of_every_kind() {
        // Monday 23 November 2026, 11:30 in Shanghai: a working day.
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 30, 0).unwrap();
        let store = demo(now);
        let open = store.open_work(now, 100).unwrap();
        let complaints: Vec<_> = open
            .iter()
            .filter_map(|o| match o.item {
                OpenRef::Complaint(id) => Some(store.complaint(id).unwrap().unwrap()),
                OpenRef::Repair(_) => None,
            })
            .collect();
        assert_eq!(complaints.len(), 5, "{open:#?}");
        assert_eq!(open.len(), 8);
        let units: std::collections::HashSet<_> = open.iter().map(|o| &o.unit).collect();
        assert_eq!(units.len(), 8, "each from a different unit: {open:#?}");
        assert!(open[0].countdown.unwrap().is_overdue(), "overdue first");
        assert!(
            open.iter()
                .any(|o| matches!(o.countdown, Some(Countdown::DueToday(_)))
                    && matches!(o.item, OpenRef::Complaint(_))),
            "a complaint due today"
        );
        assert!(complaints.iter().any(|c| c.state.round() == 2), "CMP-8");
        assert!(
            complaints
                .iter()
                .any(|c| c.complaint.about_staff && !c.complaint.witnesses.is_empty()),
            "CMP-12"
        );
        assert_eq!(store.follow_ups_due(now).unwrap().len(), 1);
        let repairs: Vec<_> = open
            .iter()
            .filter_map(|o| match (o.item, o.progress) {
                (OpenRef::Repair(_), Progress::Repair { step, .. }) => Some((o.urgency, step)),
                _ => None,
            })
            .collect();
        assert_eq!(repairs.len(), 3);
        let extra = open
            .iter()
            .find(|o| o.urgency == Some(Urgency::ExtraUrgent))
            .unwrap();
        assert_eq!(
            extra.countdown,
            Some(Countdown::DueToday(Duration::minutes(4)))
        );
        // The conversations are the standard phrases, the promise with its date.
        let first = &complaints[0].complaint.conversation;
        assert_eq!(first[0], "您好!请问我们能为您做些什么?");
        assert!(
            first.iter().any(|l| l.starts_with("我们将在11月")),
            "{first:?}"
        );
        assert_eq!(store.verify_all().unwrap(), None);
    }

    #[test]
    fn cmp_11_six_months_of_history_give_the_statistics_bars_and_rates() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 3, 30, 0).unwrap();
        let store = demo(now);
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        let months = store.month_statistics(d(6), d(11), tz).unwrap();
        for m in &months[..5] {
            eprintln!(
                "{} {} complaints, satisfied {:?}, on time {:?}",
                m.month,
                m.complaints,
                m.satisfaction_bp(),
                m.on_time_bp()
            );
            assert!((15..=40).contains(&m.complaints), "{m:?}");
            assert!(
                (7500..=10_000).contains(&m.satisfaction_bp().unwrap()),
                "{m:?}"
            );
            assert!((7000..=10_000).contains(&m.on_time_bp().unwrap()), "{m:?}");
            assert!(m.by_category.iter().filter(|c| c.complaints > 0).count() >= 5);
            assert!(m.nature(Nature::Major) > 0 && m.nature(Nature::General) > 0);
        }
        let all = |f: fn(&MonthStats) -> (u32, u32)| {
            months
                .iter()
                .map(f)
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        };
        let (satisfied, follow_ups) = all(|m| (m.satisfied, m.follow_ups));
        let (on_time, replied) = all(|m| (m.replied_on_time, m.replied));
        assert!(satisfied < follow_ups, "some were not satisfied at first");
        assert!(on_time < replied, "some replies were late");
        assert!(store.phrase_uses().unwrap()[0].1 > 100, "greetings counted");
    }

    #[test]
    fn a_demo_started_just_after_midnight_writes_nothing_in_the_future() {
        // 00:20 on Sunday in Shanghai.
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 16, 20, 0).unwrap();
        let store = demo(now);
        let open = store.open_work(now, 100).unwrap();
        assert!(open.len() >= 7, "{open:#?}");
        assert!(open.iter().all(|o| o.opened_at <= now));
        assert_eq!(store.verify_all().unwrap(), None);
    }
}
