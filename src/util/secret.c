#include "secret.h"
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sem_t hash_slots;
static unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int secret_init(void)
{
    if (sodium_init() < 0) return -1;
    /* Test suites create hundreds of users; they may opt into the minimum cost. */
    const char *fast = getenv("YIZHENG_INSECURE_FAST_HASH");
    if (fast && strcmp(fast, "1") == 0) {
        ops = crypto_pwhash_OPSLIMIT_MIN;
        mem = crypto_pwhash_MEMLIMIT_MIN;
    }
    return sem_init(&hash_slots, 0, 2);
}

int password_hash(const char *pw, char out[128])
{
    sem_wait(&hash_slots);
    int rc = crypto_pwhash_str(out, pw, strlen(pw), ops, mem);
    sem_post(&hash_slots);
    return rc;
}

int password_acceptable(const char *pw)
{
    int letter = 0, other = 0;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) letter = 1;
        else other = 1;
    }
    return strlen(pw) >= 8 && letter && other;
}

int password_verify(const char *hash, const char *pw)
{
    sem_wait(&hash_slots);
    int ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    sem_post(&hash_slots);
    return ok;
}

void token_new(const char *prefix, char *out, size_t outlen)
{
    unsigned char raw[32];
    char hex[65];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    snprintf(out, outlen, "%s%s", prefix ? prefix : "", hex);
}

void sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}
