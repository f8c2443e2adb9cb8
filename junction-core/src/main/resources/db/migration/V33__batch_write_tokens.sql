-- Single-use write URLs (GetAzureWriteUrl): the signing key generated when none is configured,
-- shared by all nodes, and each issued token until it is used or a day past its expiry.
CREATE TABLE junction_signing_key (
  name   VARCHAR(100) NOT NULL PRIMARY KEY,
  secret VARCHAR(200) NOT NULL
);

CREATE TABLE junction_write_token (
  signature  VARCHAR(100) NOT NULL PRIMARY KEY,
  slot       VARCHAR(100) NOT NULL,
  expires_ms BIGINT       NOT NULL,
  used_ms    BIGINT
);
