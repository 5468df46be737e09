-- 0017_partner_pods_default: the partner's default numPodsAuthorized for new locations
-- (PLUME-API.md §6.10: "the partner's configured default, 32 when not configured").

ALTER TABLE partners ADD COLUMN pods_authorized_default BIGINT NOT NULL DEFAULT 32;
