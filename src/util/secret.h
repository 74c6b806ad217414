/* Passwords (argon2id via libsodium) and random tokens. */
#ifndef YZ_SECRET_H
#define YZ_SECRET_H
#include <stddef.h>

int secret_init(void);   /* sodium_init; 0 on success */
/* argon2id hash string into out[128]. At most two hashes run at once: each
 * takes ~64 MiB and ~120 ms (stack-facts.md). 0 on success. */
int password_hash(const char *pw, char out[128]);
/* The one password policy: at least 8 characters with a letter and a digit or symbol. */
int password_acceptable(const char *pw);
/* 1 if pw matches the stored hash. */
int password_verify(const char *hash, const char *pw);
/* 64 hex chars of fresh randomness, with an optional prefix, into out. */
void token_new(const char *prefix, char *out, size_t outlen);
/* SHA-256 of s as 64 hex chars into out[65]. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
