//! The text of `frontdesk backup` and `frontdesk restore`.

crate::catalog! {
    pub enum Bk {
        BackupDone => "已写入备份 {path} 并检查:文件完整,{chains} 条证据链完好,共 {rows} 行;审计链头 {head}", "Wrote the backup {path} and checked it: the file is whole, {chains} chains intact, {rows} rows; audit chain head {head}";
        ErrOutIsDatabase => "{path} 就是数据库本身:备份要写到另一个文件", "{path} is the database itself: write the backup to another file";
        ErrCopyDamaged => "{path} 的副本没有通过完整性检查({detail}),没有留下文件", "The copy for {path} failed the integrity check ({detail}); no file was left";
        ErrCopyBroken => "{path} 的副本证据链不完整({detail}),没有留下文件;先用 frontdesk verify 检查数据库", "The copy for {path} has a broken chain ({detail}); no file was left. Check the database with frontdesk verify";
        ErrNoFolder => "没有给出 --out,本处也没有设置备份文件夹(员工页 8,O 办公规则):请用 --out FILE 指定备份文件", "No --out given and the office has no backup folder set (Staff tab 8, O for the office rules): name the backup file with --out FILE";
        ErrNoBackup => "{path} 不存在:没有这个备份", "{path} does not exist: there is no such backup";
        ErrBackupDamaged => "{path} 不能恢复:备份文件已损坏({detail})", "{path} cannot be restored: the backup is damaged ({detail})";
        ErrBackupBroken => "{path} 不能恢复:证据链不完整({detail})", "{path} cannot be restored: a chain is broken ({detail})";
        ErrBackupUnreadable => "{path} 不能恢复:{detail}", "{path} cannot be restored: {detail}";
        ErrInUse => "{db} 正在被前台控制台使用:请在每个前台按 q 退出(通过 SSH 使用的前台也要退出),然后再恢复", "{db} is open in a console: quit the console on every desk (q; desks connected over SSH too), then restore again";
        ErrLock => "无法锁定 {path}:{detail}", "Cannot lock {path}: {detail}";
        ErrOlder => "备份比 {db} 旧:{table} 在备份中有 {then} 行,现在有 {now} 行,恢复会丢掉后来的记录。确实要恢复这个旧备份,请加 --older", "The backup is older than {db}: {table} has {then} rows in the backup and {now} now, so restoring would lose what came after. To restore this older backup anyway, add --older";
        ErrPlace => "无法把备份放到 {db}:{detail};原文件未动", "Cannot put the backup in place at {db}: {detail}; the file is as it was";
        RestoreDone => "已将 {path} 恢复到 {db}(已检查:文件完整,{chains} 条证据链完好,共 {rows} 行);原文件保留为 {kept}", "Restored {path} to {db} (checked: the file is whole, {chains} chains intact, {rows} rows); the replaced file is kept as {kept}";
        RestoreDoneNew => "已将 {path} 恢复到 {db}(已检查:文件完整,{chains} 条证据链完好,共 {rows} 行)", "Restored {path} to {db} (checked: the file is whole, {chains} chains intact, {rows} rows)";
        ConsoleRestoring => "{db} 正在恢复备份:等恢复完成后再启动", "A backup is being restored to {db}: start the console when it is done";
    }
}
