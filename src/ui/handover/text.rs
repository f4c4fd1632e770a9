//! The handover pane's text: the shift, its log, the open items handed on, the handover's
//! steps, the desk left unstaffed and the supervisor's daily review.

crate::catalog! {
    pub enum Hnd {
        TabHandover => "交接班", "Handover";
        KeyLog => "记一笔", "log entry";
        KeyCorrect => "更正", "correct";
        KeyOpen => "打开", "open";
        KeyHandOver => "交班", "hand over";
        KeyReader => "接班人", "who takes over";
        KeyAsk => "提问", "ask";
        KeyAnswer => "回答", "answer";
        KeyAccept => "接班", "accept";
        KeyRefuse => "拒绝接班", "refuse";
        KeyReview => "当日审阅", "day review";
        KeySign => "主管签字", "sign the day";
        KeyYesterday => "昨日未结", "yesterday's open";

        // The header.
        Shift => "{shift} {from}–{to}", "{shift} {from}–{to}";
        NoShift => "不在任何班次", "outside the shifts";
        OnDuty => "值班:{who}(自 {since})", "On duty: {who} (since {since})";
        NotOnDuty => "值班:{who}(尚未记录)", "On duty: {who} (nothing logged yet)";
        Pending => "交班待接:{who} {at} 提交 · 已读 {read}/{all} · 待答问题 {open}", "Handover waiting: {who} at {at} · read {read}/{all} · open questions {open}";
        PendingYours => "您 {at} 已交班;接班前您仍在值班(HND-7)", "Handed over at {at}; you stay on duty until relieved (HND-7)";
        Reader => "接班人:{who}", "Taking over: {who}";
        ReaderElsewhere => "接班人:{who}(在另一台阅读)", "Taking over: {who} (reading at another desk)";
        OutcomeAccepted => "交班 #{id}({from})已由{to}于{at}接班(HND-5)", "Handover #{id} ({from}) was accepted by {to} at {at} (HND-5)";
        OutcomeRefused => "交班 #{id}({from})被{to}于{at}拒绝:{reason}。已交主管(HND-4);{from}仍在值班,处理后再交班", "Handover #{id} ({from}) was refused by {to} at {at}: {reason}. It went to the supervisor (HND-4); {from} stays on duty and hands over again";
        NoReader => "接班人:未选(按 t)", "Taking over: not chosen (press t)";
        YesterdayOpen => "昨日遗留未结投诉/维修 {n} 件:按 y 逐一查看(HND-8)", "Yesterday left {n} complaints and repairs open: y goes through them (HND-8)";
        UnsignedDays => "未签字的日子:{days}(主管按 v 审阅并签字)", "Days not signed: {days} (a supervisor: v to review and sign)";

        // The list.
        SectionItems => "待交接事项 {n}", "Open items {n}";
        SectionLog => "本班记录 {n}", "Shift log {n}";
        SectionFound => "（筛出 {kept}）", "({kept} found)";
        EntryTitle => "本班记录", "Shift log entry";
        ItemTitle => "待交接事项", "Open item";
        SectionQuestions => "问题 {n}", "Questions {n}";
        NoItems => "(没有)", "(none)";
        ItemsWorking => "(仍在计算…)", "(still working…)";
        ReadMark => "●", "●";
        UnreadMark => "○", "○";
        Overdue => "逾期", "late";
        ItemReception => "{who} 接待中(自 {since})", "{who} receiving since {since}";
        ItemMakeUp => "{who} 尚欠补接 {n} 位", "{who} is owed {n} make-up turn(s)";
        ItemVisitor => "访客 {who} 在 {room}(自 {since})", "Visitor {who} at {room} since {since}";
        ItemParcel => "待领快递 {carrier} 给 {room} {shelf}(自 {since})", "Parcel waiting: {carrier} for {room} {shelf} since {since}";
        ItemComplaint => "投诉 #{id} {unit} {what}", "Complaint #{id} {unit} {what}";
        ItemRepair => "维修 #{id} {unit} {what}", "Repair #{id} {unit} {what}";
        ItemFollowUp => "待回访 #{id} {what}", "Follow-up due #{id} {what}";
        ItemConflict => "判客冲突:{customer}({who})待主管裁定", "Ownership conflict: {customer} ({who}) awaits a supervisor";
        DueOn => "限 {due}", "due {due}";
        PriorityNormal => "一般", "normal";
        PriorityImportant => "重要", "important";
        PriorityUrgent => "紧急", "urgent";
        Corrected => "(已更正:{reason})", "(corrected: {reason})";
        QuestionLine => "问({who}):{text}", "Q ({who}): {text}";
        AnswerLine => "答:{text}", "A: {text}";
        Unanswered => "答:(待回答)", "A: (not answered yet)";

        // Forms.
        LogTitle => "记一笔(本班记录)", "Shift log entry";
        FieldPriority => "优先级", "Priority";
        FieldTags => "标签(空格分隔)", "Tags (space-separated)";
        FieldText => "内容", "Text";
        FieldReason => "更正原因", "Reason";
        CorrectTitle => "更正这一笔", "Correct this entry";
        HandOverTitle => "交班:{shift}", "Hand over: {shift}";
        HandOverHint => "逐项共同检查;未完成的写明原因。提交后您仍在值班,直到接班人接班", "Check each item together; say why for any not done. You stay on duty until relieved";
        Checked => "✓ 已查", "✓ checked";
        NotChecked => "✗ 见说明", "✗ see note";
        FieldNote => "  说明", "  note";
        FieldCheck => "检查项", "Check";
        Choose => "(请选择)", "(choose)";
        ErrTooManyTags => "标签最多 {n} 个", "At most {n} tags";
        FieldYourPin => "您的密码(签字)", "Your PIN (signature)";
        FieldIncomingPin => "接班人密码(签字)", "Incoming clerk's PIN (signature)";
        ReaderTitle => "谁来接班?", "Who takes over?";
        FieldReader => "接班人", "Incoming clerk";
        AskTitle => "向交班人提问", "Ask the outgoing clerk";
        FieldQuestion => "问题", "Question";
        AnswerTitle => "回答问题", "Answer the question";
        FieldAnswer => "回答", "Answer";
        AcceptTitle => "接班:{who}", "Accept the desk: {who}";
        RefuseTitle => "拒绝接班(交主管处理,HND-4)", "Refuse the handover (goes to the supervisor, HND-4)";
        FieldRefusal => "原因", "Reason";
        SignTitle => "主管签字:{day}", "Sign the day: {day}";
        DayTitle => "审阅哪一天?", "Review which day?";
        DayHint => "未签字的日子在前(最早的先);审阅后按 S,由主管输入密码签字,值班人不用退出", "Days not signed first, oldest first; in the review, S signs it with a supervisor's PIN while the clerk stays on duty";
        FieldDay => "日期", "Day";
        DayUnsigned => "{day} 未签字", "{day} not signed";
        DayToday => "{day} 今天", "{day} today";
        DaySignedAlready => "{day} 已签字", "{day} signed";
        FieldRemarks => "审阅意见", "Remarks";
        LeaveTitle => "离岗(未交班,HND-7)", "Leave the desk without a handover (HND-7)";
        LeaveHint => "值班人未交班就退出,须主管输入密码,记为前台无人值守", "Signing out on duty without a handover needs a supervisor's PIN and is recorded as the desk left unstaffed";
        FieldLeaveReason => "原因", "Reason";

        // What happened.
        Logged => "已记一笔", "Logged";
        CorrectedSaid => "已更正", "Corrected";
        HandedOver => "已交班 #{id}:事项 {items} 件、记录 {log} 笔;请接班人阅读并接班", "Handed over (#{id}): {items} items, {log} entries; the incoming clerk reads and accepts";
        Asked => "已提问", "Question asked";
        Answered => "已回答", "Answered";
        AcceptedSaid => "{who} 已接班,现在值班", "{who} has taken over and is on duty";
        RefusedSaid => "已拒绝接班,交主管处理(HND-4)", "Handover refused; it goes to the supervisor (HND-4)";
        DaySigned => "{day} 已签字", "{day} signed";
        LeftUnstaffed => "已记录:{who} 离岗,前台无人值守", "Recorded: {who} left the desk unstaffed";
        ReaderChosen => "接班人:{who},请逐项阅读:整行显示才算已读,被截断的按回车打开", "{who} takes over: read every row (a row counts once shown whole; Enter opens one cut with …)";

        // Refusals in words.
        ErrNoPending => "没有待接的交班", "No handover is waiting";
        ErrPending => "已有交班待接(#{id}),先等接班或被拒", "A handover is already waiting (#{id})";
        ErrNotOutgoing => "只有交班人能做这一步", "Only the outgoing clerk does this";
        ErrOwn => "交班人不能接自己的班", "The outgoing clerk cannot take their own handover";
        ErrNoReader => "先选接班人(按 t)", "Choose who takes over first (press t)";
        ErrUnread => "还有 {n} 项未读(HND-2),先逐项阅读", "{n} items or entries not read yet (HND-2): read them first";
        ErrOpenQuestion => "还有问题没回答(HND-5)", "A question is not answered yet (HND-5)";
        ErrAccepted => "这次交班已由 {who} 接班", "This handover was already accepted by {who}";
        ErrRefusedBy => "这次交班已被 {who} 拒绝", "This handover was already refused by {who}";
        ErrChecklist => "检查项“{item}”未勾选也没写说明(HND-3)", "Checklist item \"{item}\": tick it or say why (HND-3)";
        ErrChecklistChanged => "本处检查项已更改,请重新打开交班表", "The office's checklist changed: open the handover form again";
        ErrNoQuestion => "请选一个待回答的问题", "Select a question not yet answered";
        ErrNotYours => "只能更正自己写的记录", "You can correct only your own entries";
        ErrNotOriginal => "请更正原记录", "Correct the original entry";
        ErrNoEntry => "请选一笔记录", "Select a log entry";
        ErrNoPin => "{who} 还没有密码,请主管在员工页设置(签字要用)", "{who} has no PIN yet: a supervisor sets one on the staff tab (signing needs it)";
        ErrDaySigned => "{day} 已由 {who} 签字", "{day} was signed already by {who}";
        ErrNotBegun => "这一天还没开始", "That day has not begun";
        ErrHeadMoved => "证据链已变化,请重新审阅后再签", "The evidence chains changed: review the day again, then sign";
        ErrOnDuty => "{who} 仍在值班(HND-7):先交班,或经主管同意离岗", "{who} is on duty (HND-7): hand over first, or leave with a supervisor's PIN";

        // The review (HND-6).
        ReviewTitle => "{day} 交接班审阅", "Handovers of {day}";
        ReviewHandover => "#{id} {shift} {from} → {to} · {stage}", "#{id} {shift} {from} → {to} · {stage}";
        StageSubmitted => "待接", "waiting";
        StageAccepted => "已接班", "accepted";
        StageRefused => "被拒:{reason}", "refused: {reason}";
        ReviewChecklist => "  检查:{items}", "  checks: {items}";
        ReviewOtherLog => "当日其他记录 {n} 笔(不在本日的交接中):", "Other entries written this day, in no handover of it ({n}):";
        ReviewNoHandover => "这一天没有交接班记录", "No handover this day";
        ReviewDeals => "当日成交与退订 {n} 套:", "Deals signed or cancelled this day: {n}";
        ReviewDealLine => "  {unit} {buyers}(成交 {closer}):{split},{rule},{standing}", "  {unit} {buyers} (closed by {closer}): {split}, {rule}, {standing}";
        ReviewUnstaffed => "离岗:{who} {at},主管 {supervisor}:{reason}", "Left unstaffed: {who} at {at}, supervisor {supervisor}: {reason}";
        ReviewFigures => "当日数字:", "The day's figures:";
        ReviewSales => "  {who}:接待 {walk_ins},计入 {counted},其他 {other}", "  {who}: walk-ins {walk_ins}, counted {counted}, other {other}";
        ReviewCounts => "  来访登记 {visits} · 来电 {calls} · 大堂进 {lobby_in} 出 {lobby_out}", "  visits {visits} · calls {calls} · lobby in {lobby_in} out {lobby_out}";
        ReviewComplaints => "  投诉 新 {opened} 结 {closed} 逾期 {overdue} · 维修 新 {repairs_opened} 结 {repairs_closed}", "  complaints new {opened} closed {closed} overdue {overdue} · repairs new {repairs_opened} closed {repairs_closed}";
        ReviewAcknowledged => "证据告警已由主管 {who} 于 {at} 确认:{what}", "Evidence failure acknowledged by supervisor {who} at {at}: {what}";
        ReviewHeads => "证据链头(签字即封存):", "Evidence chain heads (the signature seals them):";
        ReviewSigned => "已签字:{who} {at} {remarks}", "Signed by {who} at {at} {remarks}";
        ReviewUnsigned => "尚未签字:主管按 S 签字", "Not signed: a supervisor presses S to sign";
        FirstSignIn => "今天第一位上岗:先跟进昨日遗留的投诉和维修(HND-8)。交接班页按 y 可再看", "First at the desk today: follow up what yesterday left open first (HND-8). Handover tab, y shows it again";
        YesterdayTitle => "昨日遗留未结(HND-8)", "Left open from yesterday (HND-8)";
    }
}
