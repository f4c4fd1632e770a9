//! The staff pane's text.

crate::catalog! {
    pub enum StaffText {
        TabStaff => "员工", "Staff";
        FieldRole => "角色", "Role";
        FieldPinIfSupervisor => "密码(主管必填)", "PIN (supervisors must)";
        KeySetPin => "设置密码", "set PIN";
        DlgSetPin => "设置 {name} 的密码", "Set {name}'s PIN";
        FieldCurrentPin => "当前密码", "Current PIN";
        PinSet => "{name} 的密码已设置", "{name}'s PIN is set";
        FieldStatus => "状态", "Status";
        KeyAddStaff => "添加员工", "add staff";
        KeyToggleActive => "停用/启用", "deactivate/activate";
        DlgAddStaff => "添加员工 (需主管批准)", "Add staff (supervisor approves)";
        DlgToggleActive => "{action} {name} (需主管批准)", "{action} {name} (supervisor approves)";
        Deactivate => "停用", "Deactivate";
        Activate => "启用", "Activate";
        KeyOfficeRules => "办公室制度", "office rules";
        DlgOfficeRules => "办公室制度与时区 (需主管批准)", "Office rules and time zone (supervisor approves)";
        OfficeRulesSet => "已更改,各台前台即时生效。{rules}", "Changed for every desk from now on. {rules}";
        StaffEmpty => "还没有员工。按 n 添加。", "No staff yet. Press n to add someone.";
        Active => "在职", "active";
        Inactive => "已停用", "inactive";
        StaffAdded => "已添加 {name}({role})", "Added {name} ({role})";
        StaffActiveSet => "{name}:{state}", "{name}: {state}";
        ColName => "姓名", "Name";
        KeyRedistribute => "重新分配客户", "redistribute customers";
        DlgRedistribute => "{name} 的客户随机重新分配 (ATT-14-10,需主管批准)", "Redistribute {name}'s customers at random (ATT-14-10, supervisor approves)";
        RedistributeHint => "离职或长假:名下仍受保护的客户按抽签随机分给其他在职销售员;抽签种子留档,可复核。", "Leaving or on long leave: the customers they still hold are dealt at random to the other active salespeople; the seed is kept so the draw can be redone.";
        Drawing => "抽签中……", "Drawing…";
        DrawSeed => "抽签种子 {seed},{n} 位客户:", "Seed {seed}, {n} customers:";
        DrawLine => " {customer} → {to}", " {customer} → {to}";
        Redistributed => "{name} 的 {n} 位客户已重新分配(ATT-14-10,种子 {seed})", "{n} customers of {name} redistributed (ATT-14-10, seed {seed})";
        ErrNotSalesperson => "只有销售员的客户才需重新分配", "Only a salesperson's customers are redistributed";
        ErrNoDraw => "抽签结果还没有显示,稍候再确认", "The draw is not shown yet; confirm once it is";
    }
}
