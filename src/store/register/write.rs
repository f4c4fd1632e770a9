//! Writing the registers: a visit or call with its chain link and search keys, one row or
//! in bulk ([`Bulk`]), and a correction (a new row, never an edit).

use super::*;

#[doc(hidden)]
pub const INSERT_VISIT: &str = "INSERT INTO visits (id, at, name, phone, work_unit, intent, \
     source, salesperson_id, car_brand, plate, party, class, notes, surname, full_name, \
     initials, phone_last4, reception_seq, operator_id, recorded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)";

#[doc(hidden)]
pub const INSERT_CALL: &str = "INSERT INTO calls (id, at, name, phone, question, \
     salesperson_id, intent, source, surname, full_name, initials, phone_last4, operator_id, \
     recorded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// The one way to load registrations in bulk: the import and [`Store::register_in_bulk`]
/// use it inside their transaction, the benchmarks on their own connection. Each row goes
/// in exactly as [`Store::register_visit`] and [`Store::register_call`] write it, with its
/// chain link at once (through [`chain::insert_row`], as every evidence write), but with no
/// audit row (the caller writes one for the load) and with the trigram rows held back and
/// written together by [`Bulk::finish`] (see `TextRows`). The store's tests check that a
/// bulk write stores exactly what the one-row path stores.
#[derive(Default)]
pub struct Bulk {
    pub(super) text: Vec<TextRow>,
}

impl Bulk {
    /// Writes a visit registered by `operator` at `now`, chained; its key.
    pub fn visit(
        &mut self,
        conn: &Connection,
        operator: StaffId,
        v: &VisitRegistration,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        insert_visit_with(
            conn,
            operator,
            v,
            None,
            now,
            TextRows::Later(&mut self.text),
        )
    }

    /// Writes a call registered by `operator` at `now`, chained; its key.
    pub fn call(
        &mut self,
        conn: &Connection,
        operator: StaffId,
        c: &CallRegistration,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        insert_call_with(conn, operator, c, now, TextRows::Later(&mut self.text))
    }

    /// Writes the trigram rows held back; a load is not searchable until it has.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        write_text_rows(conn, &self.text)
    }

    /// Writes the search rows held so far and lets them go: a long load calls it now and
    /// then, so what it holds does not grow with the file (issue 18). Each flush is one
    /// segment of the index, merged by SQLite as it goes.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        write_text_rows(conn, &self.text)?;
        self.text.clear();
        self.text.shrink_to(0);
        Ok(())
    }
}

/// Inserts a visit with its chain link and search keys, without audit: the first step of
/// [`Store::register_visit`]. A bulk load goes through [`Bulk`] instead.
pub(in crate::store) fn insert_visit(
    conn: &Connection,
    operator: StaffId,
    v: &VisitRegistration,
    reception: Option<Seq>,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_visit_with(conn, operator, v, reception, now, TextRows::Now)
}

/// [`insert_visit`], choosing when its trigram row is written.
pub(super) fn insert_visit_with(
    conn: &Connection,
    operator: StaffId,
    v: &VisitRegistration,
    reception: Option<Seq>,
    now: DateTime<Utc>,
    text: TextRows,
) -> Result<i64> {
    let d = derive(v.name.as_ref(), v.phone.as_ref(), v.plate.as_ref());
    let id = chain::insert_row(
        conn,
        &chain::VISITS,
        INSERT_VISIT,
        params![
            timestamp(v.visited_at),
            v.name.as_ref().map(CustomerName::as_str),
            v.phone.as_ref().map(Phone::as_str),
            v.work_unit,
            v.intent,
            v.source.as_ref().map(Source::key),
            v.salesperson,
            v.car_brand,
            v.plate.as_ref().map(Plate::as_str),
            v.party,
            v.class.map(class_key),
            v.notes,
            d.surname,
            d.full_name,
            d.initials,
            d.phone_last4,
            reception,
            operator,
            timestamp(now),
        ],
    )?;
    let record = reference(Register::Visit, id);
    index(
        conn,
        record,
        record,
        v.visited_at,
        v.name.as_ref(),
        v.phone.as_ref(),
        v.plate.as_ref(),
        &d,
        text,
    )?;
    Ok(id)
}

/// Inserts a call with its chain link and search keys, without audit.
pub(in crate::store) fn insert_call(
    conn: &Connection,
    operator: StaffId,
    c: &CallRegistration,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_call_with(conn, operator, c, now, TextRows::Now)
}

/// [`insert_call`], choosing when its trigram row is written.
pub(super) fn insert_call_with(
    conn: &Connection,
    operator: StaffId,
    c: &CallRegistration,
    now: DateTime<Utc>,
    text: TextRows,
) -> Result<i64> {
    let d = derive(c.caller.as_ref(), c.phone.as_ref(), None);
    let id = chain::insert_row(
        conn,
        &chain::CALLS,
        INSERT_CALL,
        params![
            timestamp(c.called_at),
            c.caller.as_ref().map(CustomerName::as_str),
            c.phone.as_ref().map(Phone::as_str),
            c.question,
            c.answered_by,
            c.intent,
            c.source.as_ref().map(Source::key),
            d.surname,
            d.full_name,
            d.initials,
            d.phone_last4,
            operator,
            timestamp(now),
        ],
    )?;
    let record = reference(Register::Call, id);
    index(
        conn,
        record,
        record,
        c.called_at,
        c.caller.as_ref(),
        c.phone.as_ref(),
        None,
        &d,
        text,
    )?;
    Ok(id)
}

/// Writes a correction of a registration (REG-4) in the write `tx`: what `fields` change
/// from the record as it stands, with the (checked) reason, chained and audited.
#[allow(clippy::too_many_arguments)]
pub(in crate::store) fn correct_in(
    tx: &rusqlite::Transaction<'_>,
    operator: StaffId,
    register: Register,
    id: i64,
    fields: Fields,
    identity: Identity,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let stored = load(tx, register, id)?.ok_or(StoreError::NoSuchRegistration(id))?;
    let changes: serde_json::Map<String, Json> = fields
        .iter()
        .filter(|(k, v)| stored.current.get(*k) != Some(v))
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    if changes.is_empty() {
        return Err(StoreError::NothingToCorrect);
    }
    let d = derive(
        identity.name.as_ref(),
        identity.phone.as_ref(),
        identity.plate.as_ref(),
    );
    let correction = chain::insert_row(
        tx,
        &chain::REGISTER_CORRECTIONS,
        "INSERT INTO register_corrections (id, register, target_id, at, operator_id, reason,
             changes, surname, full_name, phone, phone_last4, plate)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            register_key(register),
            id,
            timestamp(now),
            operator,
            reason,
            Json::Object(changes.clone()).to_string(),
            d.surname,
            d.full_name,
            identity.phone.as_ref().map(Phone::as_str),
            d.phone_last4,
            identity.plate.as_ref().map(Plate::as_str),
        ],
    )?;
    if ["name", "phone", "plate"]
        .iter()
        .any(|k| changes.contains_key(*k))
    {
        // The record's time as registered: the search orders and filters by it.
        let at = get_at(&stored.original)?;
        index(
            tx,
            (correction << 2) | 2,
            reference(register, id),
            at,
            identity.name.as_ref(),
            identity.phone.as_ref(),
            identity.plate.as_ref(),
            &d,
            TextRows::Now,
        )?;
    }
    // A new name, phone, plate or salesperson can put the customer in conflict (issue 18).
    if ["name", "phone", "plate", "salesperson_id"]
        .iter()
        .any(|k| changes.contains_key(*k))
    {
        watch_registered(tx, register, id, now)?;
    }
    let fields: Vec<&str> = changes.keys().map(String::as_str).collect();
    audit(
        tx,
        now,
        Some(operator),
        None,
        "correct_registration",
        &format!(
            "{} {id}: {} ({reason})",
            register_key(register),
            fields.join(", ")
        ),
    )?;
    Ok(correction)
}
