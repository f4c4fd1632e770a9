//! The registers pane's text for referrals (REG-7, REG-8) and ATT-14-10's redistribution as
//! the ownership panel and the record show it.

crate::catalog! {
    pub enum Refer {
        KeyEmployeeReferral => "员工推荐登记", "employee referral";
        KeyConfirmReferral => "确认员工推荐", "confirm employee referral";
        DlgEmployeeReferral => "员工推荐登记(到访前)", "Register an employee referral (before the visit)";
        DlgConfirm => "确认员工推荐 (需主管批准)", "Confirm the employee referral (supervisor approves)";
        ConfirmHint => "{referrer} 推荐的 {name} 今日到访(来访 #{visit})。主管确认后,成交按 ATT-V-4 推荐人 30% / 接待销售员 70% 分成。", "{name}, referred by {referrer}, came today (visit #{visit}). Once a supervisor confirms, a deal splits 30% referrer / 70% receiver (ATT-V-4).";
        FieldReferrer => "推荐人", "Referrer";
        FieldAppointment => "预约到访日期", "Appointment day";
        FieldReferrerName => "介绍人姓名", "Referrer";
        FieldReferrerPhone => "介绍人电话", "Referrer's phone";
        FieldAnnounced => "预约时间", "Announced for";
        FieldNamed => "指名销售员", "Named salesperson";
        NoOne => "(无)", "(none)";
        EmployeeRegistered => "员工推荐 #{id} 已登记:{name},{date} 到访,推荐人 {referrer}", "Employee referral #{id} registered: {name}, coming {date}, referred by {referrer}";
        CustomerReferralRegistered => "已记录介绍人 {referrer}", "referrer {referrer} recorded";
        Confirmed => "员工推荐已由 {supervisor} 确认(REG-8)", "Employee referral confirmed by {supervisor} (REG-8)";
        ErrDate => "日期 {text} 无法识别:请写成 2026-11-20", "Cannot read the date {text}: write it as 2026-11-20";
        ErrPastDay => "预约日期已过:员工推荐须在到访前登记(REG-8)", "The appointment day has passed: an employee referral is registered before the visit (REG-8)";
        ErrAlreadyRegistered => "该客户已登记过来访,不能再作员工推荐:{verdict}", "This customer has already visited, so cannot be referred: {verdict}";
        ErrAlreadyReferred => "该客户已由 {referrer} 推荐(预约 {date}),不再重复登记", "This customer is already referred by {referrer} (for {date}); not registered twice";
        ErrNeedsName => "客户姓名:必填", "Customer: required";
        ErrNeedsPhone => "电话:必填", "Phone: required";
        ErrNeedsReferrer => "来源为老客户介绍:请填写介绍人的姓名或电话", "Source is a customer referral: type the referrer's name or phone";
        ErrReferrerWithoutSource => "填了介绍人:请把信息来源选为“老客户介绍”,或清空介绍人", "A referrer is typed: choose the source 'customer referral', or clear the referrer";
        ErrNoPendingReferral => "此客户没有今日待确认的员工推荐", "This customer has no employee referral to confirm today";
        PanelReferrerFound => "介绍人:{referrer},{date} 由 {salesperson} 登记", "Referrer: {referrer}, registered {date} with {salesperson}";
        PanelReferrerNotFound => "介绍人:{referrer},登记中未找到", "Referrer: {referrer}, not found in the registers";
        PanelImplies => "介绍归属:{owner} 的客户({why}; {rule})", "Referral implies: {owner}'s customer ({why}; {rule})";
        PanelImpliesReceiver => "介绍归属:由接待销售员接待(轮排; {rule})", "Referral implies: whoever receives (rotation; {rule})";
        WhyAnnounced => "事先预约", "announced in advance";
        WhyNamed => "带来时指名", "brought naming them";
        WhyRotation => "未预约未指名,按轮排", "not announced, nobody named: rotation";
        WhyOriginal => "介绍人的原接待销售员", "the referrer's original receiver";
        PanelReferredVisit => "来访 #{visit} 由 {referrer} 介绍({why})→ 介绍归属 {owner}({rule})", "Visit #{visit} referred by {referrer} ({why}) → the referral names {owner} ({rule})";
        PanelWithin7 => "REG-7:介绍来访({date})7 天内发现撞单,以登记为准 → {owner}", "REG-7: conflict within 7 days of the referred visit ({date}): the registration settles it → {owner}";
        PanelAfter7 => "REG-7:介绍来访({date})已超过 7 天,按一般撞单由主管裁定", "REG-7: more than 7 days after the referred visit ({date}): a supervisor rules, as any conflict";
        PanelEmployeeToday => "员工推荐:{referrer} 推荐,预约今日 → 保存后主管凭密码确认(REG-8)", "Employee referral by {referrer} for today → a supervisor confirms with their PIN after saving (REG-8)";
        PanelEmployeeLater => "员工推荐:{referrer} 推荐,预约 {date}(今日确认不了)", "Employee referral by {referrer} for {date} (not today: cannot be confirmed now)";
        PanelEmployeeVoid => "员工推荐:{referrer} 推荐,预约 {date} 未到访,已作废(REG-8)", "Employee referral by {referrer} for {date}: the customer did not come, void (REG-8)";
        PanelEmployeeConfirmed => "员工推荐:{referrer} 推荐,{supervisor} 已确认(来访 #{visit});成交 推荐人 30% / 接待 70%(ATT-V-4)", "Employee referral by {referrer}, confirmed by {supervisor} (visit #{visit}); a deal splits 30% referrer / 70% receiver (ATT-V-4)";
        PanelRedistributed => "{date} 由 {supervisor} 从 {from} 重新分配给 {to}(ATT-14-10,抽签种子 {seed})", "Redistributed from {from} to {to} on {date} by {supervisor} (ATT-14-10, seed {seed})";
        PendingTitle => "待到访的员工推荐:", "Employee referrals pending:";
        PendingLine => "  {date} {name} {phone} 推荐人 {referrer}", "  {date} {name} {phone} by {referrer}";
        PendingNone => "待到访的员工推荐:无", "Employee referrals pending: none";
    }
}
