//! Every user-facing string, in Simplified Chinese and English, in one place.
//!
//! Templates name their blanks (`{name}`); `fill` puts values in. Render code never holds a
//! string literal of its own.

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh_CN.UTF-8`, `zh-Hans` → Chinese; anything else → English.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! catalog {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A key into the catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalog! {
    TabRotation => "轮排表", "Rotation";
    TabStaff => "员工", "Staff";
    Operator => "操作员", "Operator";
    ReadOnlyBanner => "只读:数据库文件不可写,改动无法保存", "READ-ONLY: the database file cannot be written; changes cannot be saved";
    TooSmall => "窗口太小 {cw}×{ch} 需要 {w}×{h}", "Too small {cw}×{ch} need {w}×{h}";
    DemoTag => "演示", "DEMO";
    ReadOnlyTag => "只读", "READ-ONLY";
    DemoWelcome => "演示数据库,退出即删除。主管 {name} 的密码是 {pin}。按 ? 查看按键。", "Demo database, deleted on exit. Supervisor {name}'s PIN is {pin}. Press ? for keys.";

    // Setup and sign-in
    SetupTitle => "首次使用:设置办公室", "First run: set up the office";
    SetupHint => "输入办公室名称和第一位主管;主管用密码批准调整。", "Enter the office name and the first supervisor, whose PIN approves changes.";
    FieldOffice => "办公室名称", "Office name";
    FieldName => "姓名", "Name";
    FieldRole => "角色", "Role";
    FieldPin => "密码(4–8位数字)", "PIN (4–8 digits)";
    FieldPinAgain => "再次输入密码", "PIN again";
    FieldPinIfSupervisor => "密码(仅主管需要)", "PIN (supervisors only)";
    FieldSupervisor => "批准主管", "Approving supervisor";
    FieldSupervisorPin => "主管密码", "Supervisor PIN";
    FieldSalesperson => "销售员", "Salesperson";
    FieldOutcome => "接待结果", "Outcome";
    FieldPosition => "新位置(1 为最前)", "New position (1 = front)";
    FieldReason => "原因", "Reason";
    FieldNote => "经过", "What happened";
    FieldFine => "罚款(元)", "Fine (yuan)";
    FieldReceivers => "接待人数", "Receivers";
    FieldStatus => "状态", "Status";
    SignInTitle => "签到上岗:谁在前台?", "Sign in: who is at the desk?";
    SignInHint => "主管需输入密码;其他员工直接回车。", "Supervisors type their PIN; others just press Enter.";
    SignedIn => "{name} 已上岗", "{name} signed in";
    SetupDone => "{office} 已设置。请添加前台和销售员:按 a。", "{office} is set up. Add your clerks and salespeople: press a.";

    // Roles
    RoleClerk => "前台", "Clerk";
    RoleSalesperson => "销售员", "Salesperson";
    RoleSupervisor => "主管", "Supervisor";

    // Rotation pane
    NextUp => "下一位", "Next up";
    NextUpNobody => "无人可接待", "nobody free";
    LunchDesk => "午餐值班 (ROT-11)", "Lunch desk (ROT-11)";
    ColOrder => "序", "#";
    ColName => "姓名", "Name";
    ColStatus => "状态", "Status";
    ColNew => "新客", "New";
    ColOther => "其他", "Other";
    ColMakeUps => "补接", "Make-ups";
    ColViolations => "违规", "Viol.";
    StatusAvailable => "空闲", "available";
    StatusReceiving => "接待中 {min}分 {kind}", "receiving {min}m {kind}";
    StatusAwayAssigned => "公干外出", "on assigned work";
    StatusBreak => "休息", "on break";
    StatusLeave => "请假", "on leave";
    StatusCheckedOut => "已签退", "checked out";
    MakeUpsOwed => "欠补接", "Make-ups owed";
    NoMakeUps => "无", "none";
    QueueEmpty => "今天还没有人签到。按 i 为销售员签到。", "Nobody has checked in today. Press i to check a salesperson in.";
    CarriedOver => "新的营业日:昨天未补的 {n} 次补接、未结束的 {open} 个接待都不结转。", "A new business day: {n} make-ups owed and {open} receptions left open yesterday are not carried over.";

    KindRotation => "轮排", "rotation";
    KindMakeUp => "补接", "make-up";
    KindDesignated => "指名", "designated";
    KindReturning => "老客户", "returning";
    KindHelping => "代{owner}", "for {owner}";
    KindPublic => "公共", "public";

    OutcomeNewCustomer => "新客户", "new customer";
    OutcomeOwnOld => "自己的老客户/来电客户", "own old or phone customer";
    OutcomeColleagueOld => "同事的老客户(已查明)", "a colleague's verified old customer";
    OutcomeHelped => "帮同事接待", "helped a colleague";
    OutcomePublic => "事后确认为公共客户", "public customer after all";
    OutcomeVoid => "轮空", "void turn";

    ReasonOwnOld => "自己的老客户", "own old customer";
    ReasonColleagueOld => "同事的老客户", "colleague's old customer";
    ReasonHelped => "帮同事接待", "helped a colleague";
    ReasonPublic => "公共客户", "public customer";
    ReasonAssignedWork => "公干错过轮次", "missed turn on assigned work";
    ReasonVoidTurn => "客户拒绝,轮空优先", "rejected, void turn priority";

    // Rotation keys (footer and help)
    KeyWalkIn => "新客", "walk-in";
    KeyDesignated => "指名", "named";
    KeyReturning => "老客户", "returning";
    KeyPublic => "公共客户", "public";
    KeyEnd => "结束接待", "end";
    KeyCheckIn => "签到", "check in";
    KeyCheckOut => "签退", "check out";
    KeyAway => "公干/回来", "assigned work/back";
    KeyBreak => "休息/回来", "break/back";
    KeyLeave => "请假", "leave";
    KeySkip => "跳过缺席者", "skip absent";
    KeyReorder => "调整顺序", "reorder";
    KeyReject => "客户拒绝", "rejected";
    KeyViolation => "违规", "violation";
    KeyWhy => "为什么是他", "why";
    KeyLog => "今日记录", "log";
    KeySelect => "选择", "select";
    KeyAddStaff => "添加员工", "add staff";
    KeyToggleActive => "停用/启用", "deactivate/activate";
    KeyNextTab => "下一页", "next tab";
    KeyPrevTab => "上一页", "previous tab";
    KeyHelp => "帮助", "help";
    KeyLang => "中/英", "中/EN";
    KeyQuit => "退出", "quit";
    KeySignOut => "换人上岗", "sign out / change operator";
    KeySubmit => "确定", "OK";
    KeyCancel => "取消", "cancel";
    KeyNextField => "下一项", "next field";
    KeyClose => "关闭", "close";
    KeyScroll => "滚动", "scroll";

    // Dialog titles
    DlgCheckIn => "销售员签到 (ROT-2:排到队尾)", "Check in (ROT-2: joins the back)";
    DlgDesignated => "客户指名销售员 (ROT-7)", "Customer names a salesperson (ROT-7)";
    DlgReturning => "老客户:原接待销售员 (ROT-8)", "Returning customer of (ROT-8)";
    DlgPublic => "公共客户 (ROT-9):不占轮次", "Public customer (ROT-9): uses no turn";
    DlgWhoseReception => "谁的接待?", "Whose reception?";
    DlgEnd => "结束 {name} 的接待", "End {name}'s reception";
    DlgSkip => "跳过缺席的 {name}? (ROT-4)", "Skip {name}, who is absent? (ROT-4)";
    SkipLosesTurn => "{name} 无正当理由不在,失去本轮,排到队尾,不补接。按 Enter 确认。", "{name} is away without a valid reason: the turn is lost, to the back, no make-up. Enter to confirm.";
    SkipForfeitsMakeUp => "{name} 不在,这次补接作废 (ROT-4)。按 Enter 确认。", "{name} is not here: this make-up is forfeited (ROT-4). Enter to confirm.";
    DlgReorder => "调整 {name} 的位置 (ROT-3)", "Move {name} in the order (ROT-3)";
    DlgReject => "客户拒绝 {name}:主管改派 (ROT-10)", "Customer rejects {name}: supervisor reassigns (ROT-10)";
    ViolationHint => "按制度:扣除该单佣金,并罚款 {min}–{max} 元。", "Penalty by the rules: loss of that deal's commission and a fine of {min}–{max} yuan.";
    DlgAssignWork => "派 {name} 外出公干 (ROT-4)", "Send {name} on assigned work (ROT-4)";
    AssignWorkHint => "公干期间错过的轮次都会补接,所以须经主管批准。", "Turns missed meanwhile are made up, so a supervisor approves.";
    DlgViolation => "记录 {name} 抢客户违规 (ROT-14)", "Record {name} grabbing a customer (ROT-14)";
    DlgAddStaff => "添加员工 (需主管批准)", "Add staff (supervisor approves)";
    DlgToggleActive => "{action} {name} (需主管批准)", "{action} {name} (supervisor approves)";
    DlgWhy => "为什么?", "Why?";
    DlgLog => "今日轮排记录", "Today's rotation log";
    DlgHelp => "按键", "Keys";
    Deactivate => "停用", "Deactivate";
    Activate => "启用", "Activate";
    ChoiceFilterHint => "输入筛选", "type to filter";
    NoChoices => "(没有可选项)", "(nothing to choose)";
    HandOverHint => "同事的老客户:选择原接待销售员,由其(或代接人)接待 (ROT-8);不需要则按 Esc。", "A colleague's old customer: choose their salesperson, who (or a helper) receives them (ROT-8); Esc if not needed.";
    ReorderHint => "正常顺序:{order}。欠补接的人仍然优先。", "Normal order: {order}. Make-ups owed are still served first.";
    RejectHint => "该次接待作轮空处理,客户按新客改派下一位。", "The turn is void; the customer is new and goes to the next up.";

    // Staff pane
    StaffEmpty => "还没有员工。按 a 添加。", "No staff yet. Press a to add someone.";
    Active => "在职", "active";
    Inactive => "已停用", "inactive";
    StaffAdded => "已添加 {name}({role})", "Added {name} ({role})";
    StaffActiveSet => "{name}:{state}", "{name}: {state}";

    // Event descriptions (status line and log)
    EvCheckedIn => "{name} 签到,排到队尾 (ROT-2)", "{name} checked in and joins the back (ROT-2)";
    EvCheckedOut => "{name} 签退", "{name} checked out";
    EvAvailable => "{name} 回到岗位", "{name} is back";
    EvAwayAssigned => "{name} 外出公干,错过的轮次将补接 (ROT-4)", "{name} is away on assigned work; missed turns are made up (ROT-4)";
    EvBreak => "{name} 休息,错过轮次不补 (ROT-6)", "{name} is on a break; missed turns are not made up (ROT-6)";
    EvLeave => "{name} 请假,错过轮次不补 (ROT-6)", "{name} is on leave; missed turns are not made up (ROT-6)";
    EvRotation => "ROT-1:{name} 接待新客。先问:{phrase} (ROT-12)", "ROT-1: {name} receives the walk-in. Ask: {phrase} (ROT-12)";
    EvMakeUpServed => "ROT-5:{name} 补接新客。先问:{phrase} (ROT-12)", "ROT-5: {name} receives on a make-up turn. Ask: {phrase} (ROT-12)";
    EvDesignated => "ROT-7:{name} 接待指名客户,不占轮次", "ROT-7: {name} receives the customer who named them; no turn used";
    EvReturning => "ROT-8:{name} 接待自己的老客户,不在轮排内", "ROT-8: {name} receives their returning customer, outside the rotation";
    EvHelping => "ROT-8:{owner} 不在,{name} 代为接待,事后交还", "ROT-8: {owner} is away; {name} receives on their behalf and hands back";
    EvPublic => "ROT-9:{name} 接待公共客户,不占轮次", "ROT-9: {name} receives a public customer; no turn used";
    EvEnded => "{name} 接待结束:{outcome}", "{name}'s reception ended: {outcome}";
    EvEndedCounted => "{name} 接待结束:新客户,计入轮次 (ROT-2)", "{name}'s reception ended: new customer, counted (ROT-2)";
    EvMakeUpEarned => "{rule}:{name} 获得一次补接({reason})", "{rule}: {name} earned a make-up ({reason})";
    EvPassedAbsent => "ROT-4:{name} 缺席,失去本轮", "ROT-4: {name} was absent and loses the turn";
    EvPassedAssigned => "ROT-4:{name} 公干错过本轮,排到队尾", "ROT-4: {name} missed the turn on assigned work and goes to the back";
    EvPassedBreak => "ROT-6:{name} 休息错过本轮,不补", "ROT-6: {name} missed the turn on a break; no make-up";
    EvPassedLeave => "ROT-6:{name} 请假错过本轮,不补", "ROT-6: {name} missed the turn on leave; no make-up";
    EvPassedDesignated => "ROT-7:{name} 接待指名客户错过本轮,不补", "ROT-7: {name} missed the turn receiving a named customer; no make-up";
    EvMakeUpForfeited => "ROT-4:{name} 缺席,该次补接作废", "ROT-4: {name} was absent; that make-up is forfeited";
    EvReordered => "ROT-3:{supervisor} 将 {name} 调到第 {position} 位:{reason}", "ROT-3: {supervisor} moved {name} to position {position}: {reason}";
    EvRejected => "ROT-10:客户拒绝 {name},本次轮空;{supervisor} 批准改派", "ROT-10: the customer rejected {name}; turn void, reassigned with {supervisor}'s approval";
    EvViolation => "ROT-14:{name} 抢客户,已记录,罚款 {yuan} 元({supervisor})", "ROT-14: {name} grabbed a customer; recorded, fine {yuan} yuan ({supervisor})";

    // Why
    WhyMakeUp => "{name} 是下一位:{time} 获得补接({reason},{rule}),补接优先于正常顺序,先欠先补。", "{name} is next: owed a make-up since {time} ({reason}, {rule}); make-ups come before the normal order, oldest first.";
    WhyFirst => "{name} 是下一位:在正常顺序中排第一。", "{name} is next: first in the normal order.";
    WhyPlacedBy => "位置来自 {time}:{event}", "Placed there at {time}: {event}";
    WhyStandingBy => "排在前面但暂不能接待:{list}", "Ahead but unable to receive now: {list}";
    WhyBehind => "{name} 不是下一位;排在前面的:{list}", "{name} is not next; ahead of them: {list}";
    WhyUnavailable => "{name} 现在不能接待:{status}", "{name} cannot receive now: {status}";
    WhyNotCheckedIn => "{name} 今天没有签到", "{name} has not checked in today";

    // Errors
    ErrRequired => "{field}:必填", "{field}: required";
    ErrTooLong => "{field}:最多 {max} 个字", "{field}: at most {max} characters";
    ErrNumber => "{field}:请输入数字", "{field}: enter a number";
    ErrPinShape => "密码须为 4–8 位数字", "A PIN is 4 to 8 digits";
    ErrPinMismatch => "两次输入的密码不一致", "The two PINs differ";
    ErrWrongPin => "密码不正确", "Wrong PIN";
    ErrPinLocked => "密码错误次数过多,请 {seconds} 秒后再试", "Too many wrong PINs; try again in {seconds} seconds";
    ErrNotSupervisor => "此操作需要主管批准", "This needs a supervisor's approval";
    ErrDuplicateName => "已有名为 {name} 的员工", "A staff member named {name} already exists";
    ErrBusy => "另一台前台正在写入数据库,请稍后再试;输入内容已保留", "Another desk is writing to the database; try again. What you typed is kept";
    ErrReadOnly => "数据库文件只读,无法保存;输入内容已保留", "The database file is read-only, so this cannot be saved. What you typed is kept";
    ErrCorrupt => "这个文件不是前台数据库,或已损坏", "This file is not a frontdesk database, or it is damaged";
    ErrDiskFull => "磁盘已满,无法保存;输入内容已保留", "The disk is full, so this cannot be saved. What you typed is kept";
    ErrCannotOpen => "无法打开数据库文件:{detail}", "Cannot open the database file: {detail}";
    ErrTooNew => "该数据库由更新版本的程序写入,请升级", "This database was written by a newer frontdesk; please upgrade";
    ErrNotSalesperson => "只有在职的销售员可以加入轮排", "Only active salespeople can join the rotation";
    ErrAlreadySetUp => "办公室已经设置过", "The office is already set up";
    ErrOther => "出错了:{detail}", "Something went wrong: {detail}";
    ErrAlreadyCheckedIn => "{name} 已经签到", "{name} is already checked in";
    ErrNotCheckedIn => "{name} 没有签到", "{name} is not checked in";
    ErrReceiving => "ROT-13:{name} 正在接待,不能打断;请客户稍候", "ROT-13: {name} is receiving a customer and is not interrupted; ask the customer to wait";
    ErrNobodyAvailable => "现在没有空闲的销售员", "No salesperson is free right now";
    ErrNobodyReceiving => "现在没有人在接待", "Nobody is receiving a customer now";
    ErrNoTurnReception => "现在没有按轮次接待的客户可改派 (ROT-10)", "Nobody is receiving a customer on a turn now (ROT-10)";
    ErrNoSuchReception => "{name} 没有进行中的接待", "{name} has no reception in progress";
    ErrReceptionGone => "这次接待已经结束(可能在另一台前台)", "That reception has already ended (perhaps at another desk)";
    ErrNotRotationReception => "ROT-10:只有按轮排接待的客户可以改派", "ROT-10: only a customer received on a turn can be reassigned";
    ErrBadPosition => "位置须在 1 到 {max} 之间", "The position must be 1 to {max}";
    ErrReasonRequired => "ROT-3:调整顺序必须说明原因", "ROT-3: a reorder needs a reason";
    ErrFineRange => "ROT-14:罚款须在 {min} 到 {max} 元之间", "ROT-14: the fine must be {min} to {max} yuan";
    ErrNoteRequired => "请写明经过", "Say what happened";
    ErrNotNextUp => "ROT-4:只能跳过轮到的人({name} 不是下一位)", "ROT-4: only the next up can be skipped ({name} is not next)";
    ErrNoSelection => "请先用 ↑↓ 选择一位销售员", "Select a salesperson with ↑↓ first";
    ErrChoose => "请从列表中选择{field}", "Choose {field} from the list";
    ErrNoMatch => "没有与“{filter}”匹配的选项,按退格键清除", "Nothing matches “{filter}”: clear it with Backspace";
    ErrOutcomeDoesNotFit => "代接的客户仍属原销售员,只能以“帮同事接待”结束 (ROT-8)", "A helper's customer stays the owner's: it can only end as help given (ROT-8)";
    ErrAssignedWorkNeedsSupervisor => "外出公干须经主管批准 (ROT-4)", "Only a supervisor may send a salesperson on assigned work (ROT-4)";
    ErrNoSuchStaff => "没有这位员工", "There is no such staff member";
    ErrStillCheckedIn => "{name} 今天还在轮排中,请先签退 (o) 再停用", "{name} is still checked in today: check them out (o) before deactivating";
    ErrLastSupervisor => "不能停用最后一位主管", "The last supervisor cannot be deactivated";
    ErrStoredSetting => "数据库中的办公室设置 {key} 无法使用:{detail}。请主管重新设置", "The office setting {key} in the database cannot be used: {detail}. A supervisor should set it again";

    // Office settings (policy and time zone), wherever they are read from
    ErrSettingsTimeZone => "未知时区 “{zone}”,例如 Asia/Shanghai", "unknown time zone “{zone}”; for example Asia/Shanghai";
    ErrSettingsPreset => "未知制度预设 “{preset}”,可选 004、vanke、rules-14", "unknown policy preset “{preset}”; choose 004, vanke or rules-14";
    ErrSettingsPresetNotText => "制度预设须是加引号的名称,如 \"004\",而不是 {value}", "the policy preset must be a name in quotes, such as \"004\", not {value}";
    ErrSettingsUnknownField => "制度中没有可由办公室设置的项目 “{field}”", "the policy has no field “{field}” that an office may set";
    ErrSettingsWrongType => "制度项目 “{field}” 的值不对:{detail}", "the policy field “{field}” has a wrong value: {detail}";
    ErrSettingsPolicy => "制度设置有误:{detail}", "the policy settings have a mistake: {detail}";
    ErrSettingsText => "办公室设置的格式不对:{detail}", "the office settings are not written right: {detail}";
    ErrSettingsUnknownKey => "办公室设置中没有 “{key}” 这一项,只有 timezone 和 [policy]", "the office settings have no “{key}”; they hold timezone and [policy]";

    // Startup (stderr)
    ErrConfigRead => "无法读取配置文件 {path}:{detail}", "cannot read the config file {path}: {detail}";
    ErrConfigParse => "配置文件 {path} 有误:{detail}", "the config file {path} has a mistake: {detail}";
    ErrConfigLang => "未知语言 “{lang}”,请用 zh 或 en", "unknown language “{lang}”; use zh or en";
    ErrConfigOfficeSettings => "配置文件 {path} 中的 {keys} 现在是整个办公室的设置,保存在办公室的数据库里,各台前台共用:请从配置文件中删去;需要修改时由主管在控制台中更改", "{keys} in the config file {path} now belong to the whole office and live in its database, shared by every desk: remove them from the file; a supervisor changes them in the console";
    ErrConfigNoHome => "找不到存放数据库的主目录,请用 --db 指定路径", "no home directory to keep the database in; pass --db PATH";
    NeedsTerminal => "需要在终端中运行(这是全屏控制台)", "needs a terminal: it is a full-screen console";
    StartupError => "frontdesk:{detail}", "frontdesk: {detail}";
    GreetSales => "您好,请问您以前来过我们售楼处吗?", "Hello, have you visited our sales office before?";
}

/// Fills the named blanks of a template.
///
/// ```
/// use frontdesk::i18n::{Lang, T, fill};
/// let line = fill(T::WhyFirst.text(Lang::En), &[("name", &"李娜")]);
/// assert_eq!(line, "李娜 is next: first in the normal order.");
/// ```
/// One pass over the template: a value that itself contains `{name}` (a typed reason, a
/// staff name) is copied as it is, never filled again.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            args.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (v.to_string(), close))
        });
        match value {
            Some((text, close)) => {
                out.push_str(&text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_never_fills_a_value_a_second_time() {
        let line = fill(
            "{name} moved: {reason}",
            &[("name", &"{reason}"), ("reason", &"VIP {name}")],
        );
        assert_eq!(line, "{reason} moved: VIP {name}");
        assert_eq!(fill("{unknown} {", &[]), "{unknown} {");
    }

    #[test]
    fn every_key_has_text_in_both_languages() {
        for key in T::ALL {
            assert!(!key.text(Lang::Zh).is_empty(), "{key:?}");
            assert!(!key.text(Lang::En).is_empty(), "{key:?}");
        }
    }

    #[test]
    fn both_languages_use_the_same_blanks() {
        let blanks = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_owned()))
                .collect();
            v.sort();
            v
        };
        for key in T::ALL {
            assert_eq!(
                blanks(key.text(Lang::Zh)),
                blanks(key.text(Lang::En)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn lang_parses_locale_strings() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), None);
    }

    #[test]
    fn fill_replaces_named_blanks() {
        assert_eq!(fill("{a}+{b}={a}", &[("a", &1), ("b", &"x")]), "1+x=1");
    }
}
