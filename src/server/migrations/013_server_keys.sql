-- The server's secrets, in the one place every instance and every backup finds them (issue 15):
-- the sealing key pairs devices seal personal data to (current and retired), the at-rest data key
-- and the MAC key. Each is stored wrapped (AES-256-GCM) by the key-encryption key (KEK) that comes
-- from the environment or a file, never from the database, so a dump or replica alone opens nothing.
create table if not exists server_keys (
  kid text primary key,
  kind text not null check (kind in ('seal', 'data', 'mac')),
  -- v1.iv.ciphertext.tag (base64url), additional data `kind|kid`.
  wrapped text not null,
  -- Which KEK wrapped it (a hash prefix): a wrong KEK is named, not guessed at.
  kek_id text not null,
  created_at timestamptz not null default now(),
  -- A retired sealing key still opens boxes sealed before its retirement; it is no longer served.
  retired_at timestamptz
);
create index if not exists server_keys_kind_idx on server_keys (kind, created_at);
