-- 0004_plume_nodes: partner node inventory and node claims (PLUME-API.md §4.3, §4.4, §7, §10).
--
-- PostgreSQL version of the SQLite migration of the same name (see README.md). A serial number is unique per deployment (§10.1: "the
-- serial exists in any partner's inventory" -> 409), so it is the primary key of the inventory.
-- A claim is a separate row keyed by the same serial: the primary key is the last line of
-- defence against two locations claiming one node at the same time (§7.1, §12.4).
-- numPodsAuthorized lives on plume_locations (0003).

CREATE TABLE plume_inventory_nodes (
  id TEXT PRIMARY KEY,             -- serial number, [A-Za-z0-9._-]{1,64}, case-sensitive
  partner_id TEXT NOT NULL REFERENCES partners(id),
  model TEXT,
  residential_gateway BIGINT NOT NULL DEFAULT 0,
  pack_id TEXT,
  box_serial_number TEXT,
  purchase_order_number TEXT,
  part_number TEXT,
  manufacturer_firmware TEXT,
  ship_date TEXT,
  radio_mac24 TEXT,
  radio_mac50 TEXT,
  radio_mac60 TEXT,
  ethernet_mac TEXT,
  ethernet1_mac TEXT,
  bluetooth_mac TEXT,
  macs TEXT NOT NULL DEFAULT '[]', -- JSON array of BSSIDs
  account_id TEXT,                 -- account the node is bound to (§7.1, §7.5 removeAccountId)
  unclaimable BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX plume_inventory_nodes_partner_idx ON plume_inventory_nodes (partner_id, id);
CREATE INDEX plume_inventory_nodes_pack_idx ON plume_inventory_nodes (partner_id, pack_id);

CREATE TABLE plume_node_claims (
  node_id TEXT PRIMARY KEY REFERENCES plume_inventory_nodes(id),
  partner_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  nickname TEXT,
  backhaul_dhcp_pool_idx BIGINT,
  claimed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX plume_node_claims_location_idx ON plume_node_claims (location_id, claimed_at, node_id);
