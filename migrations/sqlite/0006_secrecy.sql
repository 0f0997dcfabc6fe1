-- A risk marked as holding information that may be secret under offentlighets- och sekretesslagen: the legal ground
-- (e.g. 'OSL 18 kap. 8 §'), an optional note for the menprövning, when and by whom. NULL ground = not marked.
-- Readers outside the register (system clients, webhooks, the public excerpt) get such a risk redacted.
ALTER TABLE risks ADD COLUMN secrecy_ground TEXT;
ALTER TABLE risks ADD COLUMN secrecy_note TEXT;
ALTER TABLE risks ADD COLUMN secrecy_marked_at TEXT;
ALTER TABLE risks ADD COLUMN secrecy_marked_by TEXT;
