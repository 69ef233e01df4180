-- Who may act on each filed request's waiting step: one row per approver still missing there
-- (`line_manager` = the requester's line manager as of now; `role` = anyone holding it;
-- `person_id` = one named person; none of them = nobody by a request, e.g. a client-manager
-- step). Rewritten with every transition of the request and empty once it leaves
-- `submitted`, so an inbox finds its requests by index instead of reading every filed one.
-- Requests filed before this table are filled in when the server starts.
CREATE TABLE request_waiting (
    request_id BIGINT NOT NULL REFERENCES requests(id),
    line_manager BIGINT NOT NULL DEFAULT 0,
    role TEXT,
    person_id BIGINT REFERENCES people(id)
);
CREATE INDEX request_waiting_request ON request_waiting(request_id);
