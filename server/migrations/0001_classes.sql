-- Portable SQL: the same text runs on SQLite and PostgreSQL.
-- Times are Unix seconds; flags are 0/1; ids are short texts the server checked.

CREATE TABLE classes (
    code TEXT PRIMARY KEY,
    instructor_key_sha256 TEXT NOT NULL,
    step_index BIGINT NOT NULL,
    revealed BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- The id of the class's latest event; events count up from 1 in each class.
    last_event_id BIGINT NOT NULL
);
CREATE INDEX classes_by_expiry ON classes (expires_at);

CREATE TABLE steps (
    class_code TEXT NOT NULL,
    step_index BIGINT NOT NULL,
    step_json TEXT NOT NULL,
    PRIMARY KEY (class_code, step_index)
);

CREATE TABLE participants (
    class_code TEXT NOT NULL,
    client_id TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (class_code, client_id)
);

CREATE TABLE predictions (
    class_code TEXT NOT NULL,
    step_index BIGINT NOT NULL,
    client_id TEXT NOT NULL,
    number_value DOUBLE PRECISION,
    choice TEXT,
    predicted_at BIGINT NOT NULL,
    PRIMARY KEY (class_code, step_index, client_id)
);

CREATE TABLE results (
    class_code TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    step_index BIGINT NOT NULL,
    client_id TEXT NOT NULL,
    summary_json TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    PRIMARY KEY (class_code, submission_id)
);

CREATE TABLE events (
    class_code TEXT NOT NULL,
    id BIGINT NOT NULL,
    data_json TEXT NOT NULL,
    PRIMARY KEY (class_code, id)
);
