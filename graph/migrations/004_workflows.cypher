// Workflow nodes are read and changed by id: unique ids, so each lookup is an index seek.
CREATE CONSTRAINT mark_key IF NOT EXISTS FOR (m:Mark) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT authorization_id IF NOT EXISTS FOR (a:Authorization) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT objection_id IF NOT EXISTS FOR (o:Objection) REQUIRE o.id IS UNIQUE;
CREATE CONSTRAINT basis_change_id IF NOT EXISTS FOR (c:BasisChange) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT commitment_id IF NOT EXISTS FOR (c:Commitment) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT repair_application_id IF NOT EXISTS FOR (a:RepairApplication) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT withdrawal_notice_id IF NOT EXISTS FOR (w:WithdrawalNotice) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT complaint_id IF NOT EXISTS FOR (c:Complaint) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT evaluation_id IF NOT EXISTS FOR (e:Evaluation) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT webhook_org IF NOT EXISTS FOR (h:Webhook) REQUIRE h.org IS UNIQUE;
// Recipients read their notices; the operator lists the overdue ones.
CREATE INDEX withdrawal_notice_recipient IF NOT EXISTS FOR (w:WithdrawalNotice) ON (w.recipient);
CREATE INDEX withdrawal_notice_status IF NOT EXISTS FOR (w:WithdrawalNotice) ON (w.status);
// Who received what through authorized queries (Art. 47) is found from the entries' channel.
CREATE INDEX audit_entry_channel IF NOT EXISTS FOR (e:AuditEntry) ON (e.channel);
