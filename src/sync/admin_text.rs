//! The text of `frontdesk head-office`.

crate::catalog! {
    pub enum Ho {
        SetUpNew => "总部数据库已设置好(结构版本 {version}):各办事处现在可以用 frontdesk head-office add-office 添加登录名", "The head office is set up (schema version {version}): add each office's login with frontdesk head-office add-office";
        SetUpUpgraded => "总部数据库已从结构版本 {from} 升级到 {version}", "The head office's schema is upgraded from version {from} to {version}";
        SetUpAgain => "总部数据库已是结构版本 {version},已重新检查并补齐", "The head office's schema was already at version {version}; it is checked and completed again";
        OfficeAdded => "办事处 {office} 以登录名 {role} 推送:只能推送和读取自己办事处的记录", "Office {office} pushes as role {role}: it may push and read only its own office's rows";
        ReaderAdded => "登录名 {role} 可以读取所有办事处的记录(集团报表、审计),不能推送", "Role {role} reads every office's rows (group figures, audits) and pushes nothing";
        PasswordOnce => "密码(只显示这一次):{password}", "Its password, shown only this once: {password}";
        PasswordGiven => "密码为标准输入给出的那个(此处不再显示)", "Its password is the one given on stdin (not shown here)";
        Address => "办事处设置中的总部地址(员工页 o;密码不填在这里,由每台电脑在配置里以 head_office_password 保存):{url}", "The head office address for the office's settings (staff tab, o; not the password: each desk keeps it in its config as head_office_password): {url}";
        Connection => "命令行推送用的连接串(frontdesk sync --to):{url}", "The connection string for the command line (frontdesk sync --to): {url}";
        ReaderConnection => "连接串:{url}", "Its connection string: {url}";
        ErrRole => "登录名 {role} 不可用:请用小写英文字母、数字和下划线,以字母开头,最多 63 个字符,且不以 pg_ 或 frontdesk_ 开头", "Role name {role} cannot be used: use lower-case ASCII letters, digits and _, starting with a letter, at most 63, not starting with pg_ or frontdesk_";
        ErrOfficeName => "办事处名称不能为空", "The office's name cannot be empty";
        ErrPasswordShort => "标准输入给出的密码太短:至少 {min} 个字符(不通过管道给密码时会自动生成一个)", "The password given on stdin is too short: at least {min} characters (without one piped in, one is generated)";
        ErrPasswordRead => "读不了密码:{detail}", "Cannot read the password: {detail}";
        ErrOfficeExists => "办事处 {office} 已经有登录名了:不会再建一个(改密码请用 ALTER ROLE … PASSWORD)", "Office {office} already has a login: no second one is made (change its password with ALTER ROLE … PASSWORD)";
        ErrRoleExists => "登录名 {role} 在总部的 PostgreSQL 里已经存在:请换一个名字", "Role {role} already exists in the head office's PostgreSQL: choose another name";
    }
}
