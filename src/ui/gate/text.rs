//! The set-up and sign-in gate's text.

crate::catalog! {
    pub enum GateText {
        SetupTitle => "首次使用:设置办公室", "First run: set up the office";
        SetupHint => "输入办公室名称、第一位主管(用密码批准调整)和办公室执行的制度。", "Enter the office name, the first supervisor (whose PIN approves changes) and the rules the office runs on.";
        FieldOffice => "办公室名称", "Office name";
        SignInTitle => "签到上岗:谁在前台?", "Sign in: who is at the desk?";
        SignInHint => "有密码的请输入密码;没有设密码的直接回车。", "Type your PIN if you have one; without one, just press Enter.";
        QuitTitle => "关闭控制台?", "Close the console?";
        QuitHint => "按 Enter 关闭;按 Esc 回到签到。", "Enter closes it; Esc goes back to sign-in.";
        LeaveTitle => "离岗:未交班(HND-7)", "Leave without a handover (HND-7)";
        LeaveHint => "{who} 仍在值班。未交班离开须主管输入密码,记为前台无人值守;Esc 回去交班(交接班页 h)。", "{who} is on duty. Leaving without a handover needs a supervisor's PIN and is recorded as the desk left unstaffed; Esc goes back to hand over (Handover tab, h).";
        FieldLeaveReason => "原因", "Reason";
        LeftUnstaffed => "已记录:{who} 离岗,前台无人值守", "Recorded: {who} left the desk unstaffed";
        AcknowledgeTitle => "确认证据告警(主管)", "Acknowledge the evidence failure (supervisor)";
        Acknowledged => "已确认 {count} 处证据告警(主管 {who}),已记入审计和当日审阅;原因仍须查明,新的告警会再次显示", "{count} evidence failure(s) acknowledged by supervisor {who}, recorded in the audit and the day's review; the cause still needs finding, and a new failure shows again";
        SignedIn => "{name} 已上岗", "{name} signed in";
        SetupDone => "{office} 已设置。请添加前台和销售员:按 n。", "{office} is set up. Add your clerks and salespeople: press n.";
    }
}
