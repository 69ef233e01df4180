-- Sign-in attempts, counted per minute in the database so that every node of an installation
-- spends one budget per account and per client address. `key` is a hash of the account or the
-- address (never the address itself); old minutes are deleted by the server every minute.
CREATE TABLE login_attempts (
    key TEXT NOT NULL,
    minute BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    PRIMARY KEY (key, minute)
);
