//! A registration's fields as stored (JSON, column → value), read back into registrations
//! and records, and a record's line as a result or the lookup reads it.

use super::*;

/// The stored columns a visit's content is, in the order they are written and corrected.
pub(super) const VISIT_FIELDS: &[&str] = &[
    "at",
    "name",
    "phone",
    "work_unit",
    "intent",
    "source",
    "salesperson_id",
    "car_brand",
    "plate",
    "party",
    "class",
    "notes",
];

pub(super) const CALL_FIELDS: &[&str] = &[
    "at",
    "name",
    "phone",
    "question",
    "salesperson_id",
    "intent",
    "source",
];

/// A record's content as stored: column → value (text, integer or null).
pub(super) type Fields = BTreeMap<&'static str, Json>;

/// One visit's line of a result or of the lookup, as registered, and whether it has been
/// corrected (then the store reads it whole). Same columns as [`CALL_LINE_SQL`].
#[doc(hidden)]
pub const VISIT_LINE_SQL: &str = "SELECT at, name, phone, plate, salesperson_id, class, source,
         EXISTS (SELECT 1 FROM register_corrections k
                 WHERE k.register = 'visit' AND k.target_id = ?1)
     FROM visits WHERE id = ?1";

#[doc(hidden)]
pub const CALL_LINE_SQL: &str = "SELECT at, name, phone, NULL, salesperson_id, NULL, source,
         EXISTS (SELECT 1 FROM register_corrections k
                 WHERE k.register = 'call' AND k.target_id = ?1)
     FROM calls WHERE id = ?1";

pub(super) fn text(value: Option<&str>) -> Json {
    value.map_or(Json::Null, |t| Json::String(t.to_owned()))
}

pub(super) fn class_key(class: Class) -> &'static str {
    match class {
        Class::A => "A",
        Class::B => "B",
        Class::C => "C",
    }
}

pub(in crate::store) fn visit_fields(v: &VisitRegistration) -> Fields {
    let values = [
        text(Some(&timestamp(v.visited_at))),
        text(v.name.as_ref().map(CustomerName::as_str)),
        text(v.phone.as_ref().map(Phone::as_str)),
        text(v.work_unit.as_deref()),
        text(v.intent.as_deref()),
        text(v.source.as_ref().map(Source::key)),
        Json::from(v.salesperson.0),
        text(v.car_brand.as_deref()),
        text(v.plate.as_ref().map(Plate::as_str)),
        text(v.party.as_deref()),
        text(v.class.map(class_key)),
        text(v.notes.as_deref()),
    ];
    VISIT_FIELDS.iter().copied().zip(values).collect()
}

pub(super) fn call_fields(c: &CallRegistration) -> Fields {
    let values = [
        text(Some(&timestamp(c.called_at))),
        text(c.caller.as_ref().map(CustomerName::as_str)),
        text(c.phone.as_ref().map(Phone::as_str)),
        text(c.question.as_deref()),
        Json::from(c.answered_by.0),
        text(c.intent.as_deref()),
        text(c.source.as_ref().map(Source::key)),
    ];
    CALL_FIELDS.iter().copied().zip(values).collect()
}

pub(super) fn unreadable(what: &str) -> StoreError {
    StoreError::Other(format!("a stored registration cannot be read: {what}"))
}

pub(in crate::store) fn get_text(f: &Fields, key: &str) -> Option<String> {
    f.get(key).and_then(Json::as_str).map(str::to_owned)
}

pub(super) fn get_at(f: &Fields) -> Result<DateTime<Utc>> {
    let at = get_text(f, "at").ok_or_else(|| unreadable("time"))?;
    parse_timestamp(&at).map_err(|_| unreadable("time"))
}

pub(super) fn get_staff(f: &Fields) -> Result<StaffId> {
    f.get("salesperson_id")
        .and_then(Json::as_i64)
        .map(StaffId)
        .ok_or_else(|| unreadable("salesperson"))
}

pub(super) fn get_parsed<T, E>(
    f: &Fields,
    key: &str,
    parse: impl Fn(&str) -> std::result::Result<T, E>,
) -> Result<Option<T>> {
    get_text(f, key)
        .map(|t| parse(&t).map_err(|_| unreadable(key)))
        .transpose()
}

pub(in crate::store) fn get_identity(f: &Fields) -> Result<Identity> {
    Ok(Identity {
        name: get_parsed(f, "name", CustomerName::from_stored)?,
        phone: get_parsed(f, "phone", Phone::from_stored)?,
        plate: get_parsed(f, "plate", Plate::from_stored)?,
    })
}

pub(super) fn get_class(f: &Fields) -> Result<Option<Class>> {
    class_of(f.get("class").and_then(Json::as_str))
}

pub(super) fn class_of(text: Option<&str>) -> Result<Option<Class>> {
    match text {
        None => Ok(None),
        Some("A") => Ok(Some(Class::A)),
        Some("B") => Ok(Some(Class::B)),
        Some("C") => Ok(Some(Class::C)),
        Some(_) => Err(unreadable("class")),
    }
}

pub(super) fn visit_from(f: &Fields) -> Result<VisitRegistration> {
    let identity = get_identity(f)?;
    Ok(VisitRegistration {
        visited_at: get_at(f)?,
        name: identity.name,
        phone: identity.phone,
        work_unit: get_text(f, "work_unit"),
        intent: get_text(f, "intent"),
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
        salesperson: get_staff(f)?,
        car_brand: get_text(f, "car_brand"),
        plate: identity.plate,
        party: get_text(f, "party"),
        class: get_class(f)?,
        notes: get_text(f, "notes"),
    })
}

pub(super) fn call_from(f: &Fields) -> Result<CallRegistration> {
    let identity = get_identity(f)?;
    Ok(CallRegistration {
        called_at: get_at(f)?,
        caller: identity.name,
        phone: identity.phone,
        question: get_text(f, "question"),
        answered_by: get_staff(f)?,
        intent: get_text(f, "intent"),
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
    })
}

/// A record as stored: its content as registered, as corrected, and its corrections.
pub(in crate::store) struct Stored {
    pub(in crate::store) original: Fields,
    pub(in crate::store) current: Fields,
    pub(super) reception: Option<Seq>,
    pub(super) operator: StaffId,
    pub(super) recorded_at: DateTime<Utc>,
    pub(super) corrections: Vec<Correction>,
}

pub(super) fn json_of(value: ValueRef<'_>) -> Json {
    match value {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(i) => Json::from(i),
        ValueRef::Real(f) => Json::from(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Json::String(String::from_utf8_lossy(t).into()),
    }
}

pub(in crate::store) fn load(
    conn: &Connection,
    register: Register,
    id: i64,
) -> Result<Option<Stored>> {
    let (table, fields, reception) = match register {
        Register::Visit => ("visits", VISIT_FIELDS, "reception_seq"),
        Register::Call => ("calls", CALL_FIELDS, "NULL"),
    };
    let sql = format!(
        "SELECT {reception}, operator_id, recorded_at, {} FROM {table} WHERE id = ?1",
        fields.join(", ")
    );
    let row = conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let mut original = Fields::new();
            for (i, f) in fields.iter().enumerate() {
                original.insert(*f, json_of(r.get_ref(3 + i)?));
            }
            Ok((
                r.get::<_, Option<Seq>>(0)?,
                r.get::<_, StaffId>(1)?,
                parse_timestamp(&r.get::<_, String>(2)?)?,
                original,
            ))
        })
        .optional()?;
    let Some((reception, operator, recorded_at, original)) = row else {
        return Ok(None);
    };
    let mut current = original.clone();
    let mut corrections = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, operator_id, reason, changes FROM register_corrections
         WHERE register = ?1 AND target_id = ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![register_key(register), id])?;
    while let Some(r) = rows.next()? {
        let changes: String = r.get(4)?;
        let changes: serde_json::Map<String, Json> =
            serde_json::from_str(&changes).map_err(|_| unreadable("correction"))?;
        let mut listed = Vec::new();
        for (key, value) in changes {
            if let Some(field) = fields.iter().find(|f| **f == key) {
                listed.push((key.clone(), json_text(&value)));
                current.insert(field, value);
            }
        }
        corrections.push(Correction {
            id: r.get(0)?,
            at: parse_timestamp(&r.get::<_, String>(1)?)?,
            operator: r.get(2)?,
            reason: r.get(3)?,
            changes: listed,
        });
    }
    Ok(Some(Stored {
        original,
        current,
        reception,
        operator,
        recorded_at,
        corrections,
    }))
}

pub(super) fn json_text(value: &Json) -> Option<String> {
    match value {
        Json::Null => None,
        Json::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

pub(super) fn visit_record(id: i64, s: Stored) -> Result<VisitRecord> {
    Ok(VisitRecord {
        id: VisitId(id),
        visit: visit_from(&s.current)?,
        as_registered: visit_from(&s.original)?,
        reception: s.reception,
        operator: s.operator,
        recorded_at: s.recorded_at,
        corrections: s.corrections,
    })
}

pub(super) fn call_record(id: i64, s: Stored) -> Result<CallRecord> {
    Ok(CallRecord {
        id: CallId(id),
        call: call_from(&s.current)?,
        as_registered: call_from(&s.original)?,
        operator: s.operator,
        recorded_at: s.recorded_at,
        corrections: s.corrections,
    })
}

pub(super) fn row_of(register: Register, id: i64, s: &Stored) -> Result<RegisterRow> {
    let f = &s.current;
    let identity = get_identity(f)?;
    Ok(RegisterRow {
        register,
        id,
        at: get_at(f)?,
        name: identity.name,
        phone: identity.phone,
        plate: identity.plate,
        salesperson: get_staff(f)?,
        class: get_class(f)?,
        source: get_text(f, "source").map(|s| Source::from_key(&s)),
        corrected: !s.corrections.is_empty(),
    })
}

/// Names parsed so far in one read, by their stored text.
pub(super) type Names = std::collections::HashMap<String, CustomerName>;

/// A record's line as [`VISIT_LINE_SQL`] reads it: its columns as registered.
pub(super) struct Line {
    pub(super) at: String,
    pub(super) name: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) plate: Option<String>,
    pub(super) salesperson: i64,
    pub(super) class: Option<String>,
    pub(super) source: Option<String>,
    pub(super) corrected: bool,
}

impl Line {
    /// The line in `r`'s columns from `first` on; `None` when the record is gone (a reference
    /// whose row was deleted behind the console's back joins to nothing).
    pub(super) fn read(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<Line>> {
        let Some(at) = r.get::<_, Option<String>>(first)? else {
            return Ok(None);
        };
        Ok(Some(Line {
            at,
            name: r.get(first + 1)?,
            phone: r.get(first + 2)?,
            plate: r.get(first + 3)?,
            salesperson: r.get::<_, Option<i64>>(first + 4)?.unwrap_or_default(),
            class: r.get(first + 5)?,
            source: r.get(first + 6)?,
            corrected: r.get(first + 7)?,
        }))
    }

    pub(super) fn of(conn: &Connection, register: Register, id: i64) -> Result<Option<Line>> {
        let sql = match register {
            Register::Visit => VISIT_LINE_SQL,
            Register::Call => CALL_LINE_SQL,
        };
        Ok(conn
            .prepare_cached(sql)?
            .query_row([id], |r| Line::read(r, 0))
            .optional()?
            .flatten())
    }

    /// `names` keeps the names parsed so far in this read: a page or a lookup meets the same
    /// name many times (every row of a 张伟 lookup), and a name is the dearest to parse.
    pub(super) fn identity(&self, names: &mut Names) -> Result<Identity> {
        fn parse<T, E>(
            text: Option<&str>,
            what: &str,
            f: impl Fn(&str) -> std::result::Result<T, E>,
        ) -> Result<Option<T>> {
            text.map(|t| f(t).map_err(|_| unreadable(what))).transpose()
        }
        Ok(Identity {
            name: match self.name.as_deref() {
                None => None,
                Some(text) => match names.get(text) {
                    Some(name) => Some(name.clone()),
                    None => {
                        let name =
                            CustomerName::from_stored(text).map_err(|_| unreadable("name"))?;
                        names.insert(text.to_owned(), name.clone());
                        Some(name)
                    }
                },
            },
            phone: parse(self.phone.as_deref(), "phone", Phone::from_stored)?,
            plate: parse(self.plate.as_deref(), "plate", Plate::from_stored)?,
        })
    }

    pub(super) fn at(&self) -> Result<DateTime<Utc>> {
        parse_timestamp(&self.at).map_err(|_| unreadable("time"))
    }

    /// The result row: from the line itself, or, when the record has been corrected, from
    /// the record read whole with its corrections.
    pub(super) fn row(
        self,
        conn: &Connection,
        names: &mut Names,
        register: Register,
        id: i64,
    ) -> Result<Option<RegisterRow>> {
        if self.corrected {
            return load(conn, register, id)?
                .map(|s| row_of(register, id, &s))
                .transpose();
        }
        let identity = self.identity(names)?;
        Ok(Some(RegisterRow {
            register,
            id,
            at: self.at()?,
            name: identity.name,
            phone: identity.phone,
            plate: identity.plate,
            salesperson: StaffId(self.salesperson),
            class: class_of(self.class.as_deref())?,
            source: self.source.as_deref().map(Source::from_key),
            corrected: false,
        }))
    }

    /// The ownership lookup's view of the record, corrections applied.
    pub(super) fn earlier(
        self,
        conn: &Connection,
        names: &mut Names,
        register: Register,
        id: i64,
    ) -> Result<Option<Earlier>> {
        if self.corrected {
            let Some(s) = load(conn, register, id)? else {
                return Ok(None);
            };
            return Ok(Some(Earlier {
                register,
                id,
                salesperson: get_staff(&s.current)?,
                at: get_at(&s.current)?,
                identity: get_identity(&s.current)?,
            }));
        }
        Ok(Some(Earlier {
            register,
            id,
            salesperson: StaffId(self.salesperson),
            at: self.at()?,
            identity: self.identity(names)?,
        }))
    }
}
