"""The public, read-only JSON API of the programme under /api/v1/ (OpenAPI at
/api/v1/openapi.json); `router` holds its endpoints, `config.api` mounts them.

Text comes in the language of `?lang=` or else `Accept-Language` (en, zh-hans, ar; English
when neither names one of them, and for any text not translated). No personal data: only
public programme content and aggregate attendance figures. Answers are cached (see
`caching`) and carry an ETag and `Cache-Control: public`.
"""
