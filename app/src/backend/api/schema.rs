//! OpenAPI schemas of the stored names the API answers with (roles, statuses…): the same
//! lists the database and the pages read, so the document cannot list a value we do not send.
use utoipa::openapi::schema::{ArrayBuilder, Object, ObjectBuilder, Type};

fn names(names: &[&'static str]) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names.iter().copied())).build()
}

pub fn role() -> Object {
    names(&shared::Role::NAMES)
}

pub fn roles() -> ArrayBuilder {
    ArrayBuilder::new().items(role())
}

pub fn person_status() -> Object {
    names(&shared::model::PersonStatus::NAMES)
}

pub fn protected_field() -> Object {
    names(&shared::cabinet::ProtectedField::NAMES)
}

pub fn timesheet_status() -> Object {
    names(&shared::approvals::Status::NAMES)
}

pub fn code() -> Object {
    names(&shared::timesheets::Code::NAMES)
}

pub fn action() -> Object {
    names(&shared::approvals::Action::NAMES)
}

pub fn actions() -> ArrayBuilder {
    ArrayBuilder::new().items(action())
}

pub fn run_status() -> Object {
    names(&shared::import::RunStatus::NAMES)
}

pub fn job_status() -> Object {
    names(&shared::recruiting::JobStatus::NAMES)
}

pub fn stage_kind() -> Object {
    names(&shared::recruiting::StageKind::NAMES)
}
