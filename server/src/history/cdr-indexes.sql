-- OnDeck's indexes on FreePBX's CDR table (asteriskcdrdb.cdr), which ships with only calldate,
-- dst, uniqueid and linkedid. Each serves a call-log query measured by server/bench/call-log.bench.ts.
-- Idempotent (MariaDB >= 10.1.4: IF NOT EXISTS); every name starts with ondeck_ so an uninstall
-- drops exactly these. Applied by install.sh (apply_cdr_indexes) and by applyCdrIndexes().
-- On InnoDB the build runs in place while FreePBX keeps writing rows.

-- Newest-first pages and keyset paging: ORDER BY calldate DESC, uniqueid DESC, ranges on calldate.
CREATE INDEX IF NOT EXISTS ondeck_calldate_uniqueid ON cdr (calldate, uniqueid);
-- All legs of the calls on a page: WHERE linkedid IN (...).
CREATE INDEX IF NOT EXISTS ondeck_linkedid_calldate ON cdr (linkedid, calldate);
-- Number search (exact and prefix) and a supervisor's scope on the calling side.
CREATE INDEX IF NOT EXISTS ondeck_src_calldate ON cdr (src, calldate);
CREATE INDEX IF NOT EXISTS ondeck_cnum_calldate ON cdr (cnum, calldate);
-- Number search on the called side and scope on the called extension or queue number.
CREATE INDEX IF NOT EXISTS ondeck_dst_calldate ON cdr (dst, calldate);
-- Inbound calls by the number they came in on.
CREATE INDEX IF NOT EXISTS ondeck_did_calldate ON cdr (did, calldate);
