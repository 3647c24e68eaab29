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
-- A party's channel on either side (`PJSIP/1001-%`, `Local/1001@%`): scope and number search. With
-- these, MariaDB answers the search's OR over src, cnum, dst, did, channel and dstchannel by an
-- index_merge sort_union instead of reading every row of the range (FreePBX's dst index serves dst).
CREATE INDEX IF NOT EXISTS ondeck_channel_calldate ON cdr (channel, calldate);
CREATE INDEX IF NOT EXISTS ondeck_dstchannel_calldate ON cdr (dstchannel, calldate);
-- Inbound calls by the number they came in on.
CREATE INDEX IF NOT EXISTS ondeck_did_calldate ON cdr (did, calldate);
-- A queue's calls through their Queue legs (lastdata = 'support,…'): the queue filter collects them
-- by this index instead of probing every call's legs.
CREATE INDEX IF NOT EXISTS ondeck_lastdata_calldate ON cdr (lastdata, calldate);
