//! Password reset requests: the answer must not tell whether an address has an account, by its
//! content or by its time. Times `auth::request_reset` for an address with an account (the
//! link is issued and mailed) beside the same call for an unknown address: the ratio should
//! stay near 1.
use crate::measure::{line, time};
use crate::world::{err, open_with, organisation, Result};
use app::backend::{auth, people};
use shared::{validation::Email, Locale, Role};

const RUNS: usize = 300;

pub async fn run() -> Result<()> {
    // The attempt limits would answer instead after five: lift them.
    let (_, kind, db, backend) = open_with(|c| {
        c.login_per_account_per_min = u32::MAX;
        c.login_per_addr_per_min = u32::MAX;
    })
    .await?;
    let (org, _) = organisation(&db).await?;
    let hash = backend.passwords.hash("bench password 1".into()).await.map_err(err)?;
    let mut tx = db.begin_write().await.map_err(err)?;
    let person = people::NewPerson {
        email: Email::parse("email", "known@bench.example").map_err(|e| format!("{e:?}"))?,
        family_name: "Kim".into(),
        given_name: "Bench".into(),
        roles: vec![Role::Employee],
        legal_entity_id: None,
        department_id: None,
        client_company_id: None,
        status: shared::model::PersonStatus::Active,
        password_hash: Some(hash),
    };
    people::insert(&mut tx, org, &person).await.map_err(err)?;
    tx.commit().await.map_err(err)?;
    let ask = |email: &'static str| {
        let backend = backend.clone();
        move || {
            let backend = backend.clone();
            async move { auth::request_reset(&backend, email, "127.0.0.1", Locale::En).await.map_err(err) }
        }
    };
    let none = || async { Ok::<(), String>(()) };
    let known = time(RUNS, none, ask("known@bench.example")).await?;
    let unknown = time(RUNS, none, ask("nobody@bench.example")).await?;
    println!("\n{kind}: password reset request, {RUNS} each\n");
    println!("| what | ours | baseline | ratio |\n|---|---|---|---|");
    println!("{}", line("address with an account", &known, "unknown address", &unknown));
    Ok(())
}
