//! The complaints pane's text: the open list with its clocks, the guided intake, the
//! lifecycle's steps, repairs, the record and the statistics.

crate::catalog! {
    pub enum Cpl {
        TabComplaints => "投诉报修", "Complaints";
        KeyIntake => "受理投诉", "take a complaint";
        KeyRepair => "报修", "repair order";
        KeyNext => "下一步", "next step";
        KeyOpen => "查看", "open";
        KeyStats => "统计", "statistics";
        KeyPhrases => "用语库", "phrases";
        KeyBack => "返回", "back";
        Empty => "没有未结的投诉和报修。按 n 受理投诉,r 登记报修。", "No open complaints or repairs. Press n to take a complaint, r for a repair.";
        OpenTitle => "未结投诉与报修 {n} 件(先到期的在前)", "Open complaints and repairs: {n} (due first)";
        FollowUpsDue => "待回访 {n} 件", "follow-up visits due: {n}";
        ColDue => "时限", "Due";
        ColKind => "类", "C/R";
        ColUnit => "房号", "Unit";
        ColWhat => "内容", "What";
        ColCategory => "类别", "Category";
        ColStep => "下一步", "Next";
        KindComplaint => "诉", "C";
        KindRepair => "修", "R";
        // What `/` finds each kind by (issue 20 §2): the whole word, in both languages.
        FindComplaint => "投诉", "complaint";
        FindRepair => "报修 维修", "repair";
        ClockOverdue => "超时{time}", "late {time}";
        ClockDueToday => "今日到期", "due today";
        ClockDays => "{n}个工作日", "{n} work days";
        ClockLeft => "剩{time}", "{time} left";
        ClockNone => "—", "—";
        Minutes => "{n}分", "{n}m";
        HoursMinutes => "{h}时{m}分", "{h}h{m}m";
        Days => "{n}天", "{n}d";

        // The guided intake (CMP-2, CMP-3, CMP-9).
        IntakeTitle => "受理投诉 · 第{n}步/共6步:{step}", "Complaint · step {n} of 6: {step}";
        StepGreet => "问候", "greet";
        StepListen => "倾听并记下要点", "listen and note the key points";
        StepEmpathise => "致歉与理解", "apologise and empathise";
        StepClassify => "分类", "classify";
        StepPromise => "告知处理与时间", "tell the action and the time";
        StepClose => "结束", "close";
        FieldPhrase => "说一句(回车说出)", "Say (Enter)";
        GoOn => "→ 下一步", "→ next step";
        GoBack => "← 上一步", "← previous step";
        SideSaid => "已说:", "Said so far:";
        SideNothingSaid => "(还没有)", "(nothing yet)";
        SideNever => "切勿:与客户争辩 · 推诿其他部门或客户 · 讥讽 · 当客户面窃窃私语 · 失信", "Never: argue · blame another department or the customer · mock · whisper in front of them · break a promise";
        SideDeadline => "时限:{due}(CMP-5)", "Due: {due} (CMP-5)";
        FieldChannel => "渠道", "Channel";
        FieldOccupant => "住户/单位(按姓名、拼音首字母或房号查)", "Occupant (name, initials or room)";
        NotInDirectory => "(不在住户名录中)", "(not in the directory)";
        FieldComplainant => "投诉人", "Complainant";
        FieldPhone => "电话", "Phone";
        FieldCompany => "单位", "Company";
        FieldUnit => "房号(楼-单元-房)", "Unit (1-2-301)";
        FieldWhat => "事情经过", "What happened";
        FieldWhen => "发生时间", "When it happened";
        FieldAboutStaff => "是否投诉员工", "About staff";
        FieldWitnesses => "证人", "Witnesses";
        FieldEvidence => "证据", "Evidence";
        FieldOutcome => "处理方式", "Handling";
        OutcomeFollow => "转部门处理并回复", "to a department, reply later";
        OutcomeOnSpot => "当场答复解决", "answered on the spot";
        FieldNature => "性质", "Nature";
        FieldCategory => "类别", "Category";
        FieldDepartment => "责任部门", "Department";
        BlanksTitle => "这句话还缺:", "This phrase still needs:";
        BlankSurname => "客户的姓(如 王)", "Their surname (王)";
        BlankTitle => "先生/女士", "Mr or Ms";
        TitleMr => "先生", "Mr";
        TitleMs => "女士", "Ms";
        AddressEither => "{surname}先生/女士", "Mr/Ms {surname}";
        BlankDeadline => "答复时间", "Reply by";
        BlankClerk => "您的姓名", "Your name";
        Yes => "是", "yes";
        No => "否", "no";
        Choose => "(请选择)", "(choose)";
        ErrEmpathyFirst => "CMP-2:先选一句致歉或理解的话说出", "CMP-2: say a phrase of apology first";
        ErrPromisedAfterDeadline => "CMP-9:承诺 {promised} 前答复,晚于时限 {due}:请重新承诺 {due} 或更早;更晚须先经主管批准延长时限(受理后按 E)", "CMP-9: reply promised by {promised}, after the deadline {due}: promise {due} or sooner; a later date needs a supervisor-approved extension first (E, once filed)";
        ErrNotADate => "{field}:请填日期,如 12-07", "{field}: type a date, like 12-07";
        ErrPromiseFirst => "CMP-9:先选一句告知处理时间的话说出", "CMP-9: tell them when, in a phrase, first";
        ErrAtStep => "第{n}步({step}):{why}", "Step {n} ({step}): {why}";
        ErrTooManyLines => "对话记录最多 {max} 句", "The conversation record holds at most {max} lines";
        IntakeKept => "投诉受理尚未完成,已保留:按 n 继续", "The complaint intake is kept: press n to go on";
        Filed => "已受理投诉 #{id},{due}前答复", "Complaint #{id} taken; reply due {due}";
        FiledOnSpot => "已记录投诉 #{id}(当场答复)", "Complaint #{id} recorded (answered on the spot)";
        PhraseSaid => "已记录:{text}", "Noted: {text}";

        // Channels, natures, categories, urgencies (CMP-1, CMP-4, CMP-6).
        ChannelInPerson => "来访", "in person";
        ChannelPhone => "电话", "phone";
        ChannelLetter => "信函/意见箱", "letter or mailbox";
        ChannelOnline => "网上", "online";
        ChannelThroughSomeone => "他人转达", "through someone";
        NatureGeneral => "一般", "general";
        NatureMajor => "较大", "major";
        NatureSerious => "重大", "serious";
        NatureMalicious => "恶意", "malicious";
        CategorySecurity => "治安", "security";
        CategoryPower => "供电", "power supply";
        CategoryWater => "供水", "water supply";
        CategoryFireAndOrder => "消防与秩序", "fire safety and order";
        CategorySanitation => "环境卫生", "sanitation";
        CategoryGreening => "绿化", "greening";
        CategoryPublicFacilities => "公共设施", "public facilities";
        CategoryRepairService => "维修服务", "repair service";
        CategoryServiceAttitude => "服务态度", "service attitude";
        CategoryOther => "其他", "other";
        // The open list's column (issue 20 §2): a word each, so the row keeps room for what
        // happened at 80 columns. `/` finds the whole names too.
        CategoryShortSecurity => "治安", "security";
        CategoryShortPower => "供电", "power";
        CategoryShortWater => "供水", "water";
        CategoryShortFireAndOrder => "消防", "fire";
        CategoryShortSanitation => "卫生", "hygiene";
        CategoryShortGreening => "绿化", "greening";
        CategoryShortPublicFacilities => "设施", "facility";
        CategoryShortRepairService => "维修", "repair";
        CategoryShortServiceAttitude => "态度", "attitude";
        CategoryShortOther => "其他", "other";
        UrgencyExtra => "特急(10分钟到场)", "extra-urgent (on site in 10 min)";
        UrgencyUrgent => "急(15分钟到场)", "urgent (on site in 15 min)";
        UrgencyNormal => "一般(当天或约定)", "normal (same day or as agreed)";
        DeptEngineering => "工程部", "engineering";
        DeptCleaning => "保洁部", "cleaning";
        DeptSecurity => "保安部", "security";
        DeptGreening => "绿化部", "greening";
        DeptCustomerService => "客服中心", "customer service";

        // The lifecycle (CMP-7, CMP-8, CMP-10).
        StepRecorded => "已记录", "recorded";
        StepNatureDetermined => "已定性", "nature determined";
        StepInvestigated => "已调查", "investigated";
        StepAssigned => "已指派", "assigned";
        StepSolutionProposed => "已提出方案", "solution proposed";
        StepSigned => "负责人已签", "head signed";
        StepReplied => "已答复", "replied";
        StepFollowedUp => "已回访", "followed up";
        StepEvaluated => "已评价", "evaluated";
        StepClosed => "已结", "closed";
        DoDetermine => "定性", "determine nature";
        DoInvestigate => "调查原因", "investigate";
        DoAssign => "指派责任人", "assign";
        DoPropose => "提出方案", "propose a solution";
        DoSign => "部门负责人签字", "department head signs";
        DoReply => "答复业主", "reply";
        DoFollowUp => "回访", "follow up";
        DoEvaluate => "总结评价", "evaluate";
        DoExtend => "延长时限", "extend the deadline";
        DoNote => "备注", "note";
        FieldCause => "原因", "Cause";
        FieldPerson => "责任人", "Responsible person";
        FieldSolution => "方案", "Solution";
        FieldHead => "签字的负责人", "Signing head";
        FieldReply => "答复内容", "Reply";
        FieldSatisfied => "是否满意", "Satisfied";
        FieldRemarks => "客户意见", "The customer's words";
        FieldEvaluation => "评价", "Evaluation";
        FieldDays => "延长几个工作日(连原时限共不超过 7)", "Extend by (working days; 7 in all at most)";
        FieldNote => "备注", "Note";
        FieldStep => "做哪一步", "Which step";
        FollowUpAsk => "回访时请问:", "At the follow-up, ask:";
        StepDone => "#{id}:{step}", "#{id}: {step}";
        Reopened => "#{id} 客户不满意:重新处理并再次回访(CMP-8)", "#{id} not satisfied: handled again and visited again (CMP-8)";
        NothingSelected => "请先选一件", "Select one first";
        ErrComplaintsOnly => "这只用于投诉,不用于维修单", "This is for complaints, not repair orders";
        ErrClosed => "这件已经结案", "This one is closed";
        ErrOutOfOrder => "现在该做的是:{next}", "What comes next is: {next}";
        ErrNotReplied => "还没有答复业主,不能回访(CMP-8)", "Not replied to yet, so no follow-up (CMP-8)";
        ErrHeadNotSigned => "责任部门负责人还没签字,不能答复(CMP-10)", "The department head has not signed the result yet, so no reply (CMP-10)";
        ErrAlreadySigned => "负责人已经签过这一轮的结果", "The head already signed this round's result";
        ErrNatureNotDetermined => "还没有定性,不能延长时限", "The nature is not determined yet, so the deadline cannot be extended";
        ErrGeneralNotExtended => "一般投诉时限为一个工作日,不能延长(CMP-5)", "A general complaint has one working day; it cannot be extended (CMP-5)";
        ErrAlreadyReplied => "已经答复,不能再延长时限", "Already replied to; the deadline cannot be extended now";
        ErrExtensionDays => "延长后合计最多7个工作日(CMP-5)", "At most 7 working days in all, extension included (CMP-5)";
        ErrAlreadyDone => "这一步已由 {who} 于 {at} 记录(另一台前台)。{then}", "This step was recorded already, by {who} at {at} (another desk). {then}";
        ErrRepairClosed => "这张维修单已结单", "This work order is closed";
        ErrRepairCost => "费用须在 0 到 {max} 元之间", "The cost must be from 0 to {max} yuan";
        ErrWitnesses => "投诉员工须记下证人或证据(CMP-12)", "A complaint about a staff member records witnesses or evidence (CMP-12)";

        // Repairs (CMP-6).
        RepairTitle => "工程维修单", "Repair work order";
        FieldCustomer => "报修人", "Customer";
        FieldRepairWhat => "维修内容", "What to repair";
        FieldAppointment => "预约时间", "Appointment";
        FieldUrgency => "紧急程度", "Urgency";
        FieldReceivedBy => "工程部接单人", "Received by (engineering)";
        FieldPlan => "维修方案", "Plan";
        FieldResponsibility => "责任", "Responsibility";
        FieldCost => "费用(元)", "Cost (yuan)";
        FieldStaff => "维修人员", "Staff";
        FieldOpinion => "住户意见", "Resident's opinion";
        DoReceive => "工程部接单", "engineering receives";
        DoPlan => "定方案", "plan";
        DoComplete => "完工", "complete";
        DoConfirm => "住户确认", "resident confirms";
        RepairFiled => "已登记维修单 #{id}:{urgency}", "Repair #{id} recorded: {urgency}";

        // The record.
        RecordTitle => "投诉 #{id}", "Complaint #{id}";
        RepairRecordTitle => "维修单 #{id}", "Repair #{id}";
        RecordWho => "投诉人:{name}  电话:{phone}  单位:{company}  房号:{unit}", "Complainant: {name}  phone: {phone}  company: {company}  unit: {unit}";
        RecordRepairWho => "报修人:{name}  电话:{phone}  房号:{unit}", "Reported by: {name}  phone: {phone}  unit: {unit}";
        RecordWhat => "经过:{what}", "What happened: {what}";
        RecordWhen => "发生:{when} · 渠道:{channel} · 受理:{clerk} {at}", "When: {when} · channel: {channel} · taken by {clerk} at {at}";
        RecordStaff => "涉及员工 · 证人:{witnesses} · 证据:{evidence}", "About staff · witnesses: {witnesses} · evidence: {evidence}";
        RecordExtendedBy => "加 {n} 个工作日", "{n} more working days";
        RecordApprovedBy => ",{who} 批准", ", approved by {who}";
        RepairReported => "{at} 由 {clerk} 登记报修 · 下一步:{next}", "Reported at {at} by {clerk} · next: {next}";
        RecordState => "现在:{step} · 下一步:{next} · 时限:{due} · 跟进人:{owner}", "Now: {step} · next: {next} · due: {due} · followed up by {owner}";
        RecordConversation => "受理时的对话:", "The conversation at intake:";
        RecordEvents => "处理经过:", "What was done:";

        // Statistics (CMP-11).
        StatsTitle => "投诉统计 {from} 至 {to}", "Complaints {from} to {to}";
        StatsPerCategory => "各类投诉件数", "Complaints per category";
        StatsPerMonth => "每月件数", "Per month";
        StatsSatisfaction => "满意率 {rate}(回访 {n} 次) · 及时率 {ontime}", "Satisfied {rate} ({n} follow-ups) · on time {ontime}";
        StatsNatures => "一般 {g} · 较大 {m} · 重大 {s} · 恶意 {x}", "general {g} · major {m} · serious {s} · malicious {x}";
        StatsNone => "这段时间没有投诉", "No complaints in this period";
        StatsHint => "←/→ 换月 · Esc 返回 · 导出:frontdesk export complaints", "←/→ month · Esc back · export: frontdesk export complaints";

        // The office's working days (CMP-5).
        KeyCalendar => "工作日", "working days";
        CalendarTitle => "本处工作日(主管)", "The office's working days (supervisor)";
        FieldDate => "日期(年-月-日)", "Date (YYYY-MM-DD)";
        FieldDayIs => "这一天是", "The day is";
        WorkingDay => "工作日", "a working day";
        DayOff => "休息日", "a day off";
        SourceOffice => "本处规定", "the office's";
        SourceStateCouncil => "国务院放假安排", "State Council";
        SourceWeekday => "平常周几", "an ordinary weekday or weekend";
        NationalUntil => "国家放假安排已知到 {date};之后的节假日和调休请在此补上", "The national calendar is known until {date}; add later holidays and adjusted days here";
        OfficeDays => "本处规定的日子:", "The office's own days:";
        ErrDate => "日期请写成 年-月-日,如 2027-02-16", "Write the date as YYYY-MM-DD, e.g. 2027-02-16";
        CalendarSet => "{date} 定为{kind}", "{date} is now {kind}";

        // The phrase library (CMP-3).
        PhrasesTitle => "服务用语库(按任意字词或拼音首字母搜索)", "Service phrases (search any word or pinyin initials)";
        FieldSearch => "搜索", "Search";
        PhraseUsed => "用过 {n} 次", "used {n}×";
        AddPhrase => "新增本处用语", "Add an office phrase";
        FieldPhraseStep => "用于哪一步", "Step";
        FieldZh => "中文", "Chinese";
        FieldEn => "英文", "English";
        PhraseAdded => "已加入用语库", "Added to the phrase library";
    }
}
