"""The hand-written OpenAPI 3.1 description of the JSON API (served at /openapi.json).

Kept beside the handlers it describes; tests check every real response against it.
"""

from __future__ import annotations

from typing import Any

from finder.passport import STATUSES
from finder.web.params import MAX_WITHOUT
from indexer.selfservice import MAX_TOPIC_CHARS, MAX_TOPICS
from indexer.store.records import ASSOCIATIONS, KINDS, VALIDITIES

MAX_LIMIT = 100
MAX_OFFSET = 1000


def _str(description: str = "") -> dict[str, Any]:
    return {"type": "string", "description": description} if description else {"type": "string"}


def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties,
                           "required": sorted(properties)}
    if description:
        out["description"] = description
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


VALIDITY = {"type": "string", "enum": [*VALIDITIES, ""],
            "description": "Certificate validity today; empty when the document is no "
                           "certificate."}
KIND = {"type": "string", "enum": list(KINDS)}
ASSOCIATION = {"type": "string", "enum": list(ASSOCIATIONS)}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}

SCHEMAS: dict[str, Any] = {
    "Evidence": _obj({
        "document": _str("Path of the document in the share."),
        "title": _str(), "kind": KIND,
        "snippet": _str("Escaped HTML passage; only <mark> elements are markup."),
        "certificate": _str("Certificate name; empty for other documents."),
        "validity": VALIDITY, "expires": _str("ISO date or empty."),
        "association": ASSOCIATION,
    }, "A passage that made a colleague rank."),
    "Expert": _obj({
        "person_id": _str(), "name": _str(), "department": _str(), "location": _str(),
        "role": _str(), "email": _str(), "phone": _str(), "score": {"type": "number"},
        "evidence": {"type": "array", "items": _ref("Evidence")},
        "topics": {"type": "array", "items": _str(), "description": "Their self-declared "
                   "'Vraag me over' topics that match the question."},
    }, "A colleague in the results."),
    "SearchResults": _obj({
        "query": _str(), "total": {"type": "integer", "minimum": 0},
        "offset": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 1},
        "suggestion": _str("A corrected query ('did you mean'), or empty."),
        "partial": {"type": "boolean", "description": "The time budget ran out: the ranking "
                    "is complete, but some evidence and the 'did you mean' may be missing."},
        "expanded": {"type": "array", "items": _str(), "description": "What was searched "
                     "besides the question's own words (synonyms, translations, cognates); "
                     "pass one as 'without' to leave it out."},
        "facets": _obj({"department": COUNTS, "location": COUNTS, "kind": COUNTS}),
        "experts": {"type": "array", "items": _ref("Expert")},
    }),
    "Certificate": _obj({
        "name": _str(), "title": _str(), "document": _str(), "issuer": _str(),
        "issued": _str("ISO date or empty."), "expires": _str("ISO date or empty."),
        "validity": {"type": "string", "enum": list(VALIDITIES)},
    }),
    "DocumentRef": _obj({
        "document": _str(), "title": _str(), "kind": KIND,
        "association": ASSOCIATION,
    }),
    "Colleague": _obj({"person_id": _str(), "name": _str(), "department": _str(),
                       "role": _str()}),
    "Profile": _obj({
        "person_id": _str(), "name": _str(), "department": _str(), "location": _str(),
        "role": _str(), "email": _str(), "phone": _str(),
        "expertise": {"type": "array", "items": {"type": "string"}},
        "certificates": {"type": "array", "items": _ref("Certificate")},
        "documents": {"type": "array", "items": _ref("DocumentRef")},
        "similar": {"type": "array", "items": _ref("Colleague")},
        "generation": _str("The index generation the profile was read from."),
        "topics": {"type": "array", "items": _str(), "description": "Self-declared."},
        "updated": _str("ISO date of the newest document, or empty."),
    }, "Everything staff may see about one colleague."),
    "MyDocument": _obj({
        "document": _str(), "title": _str(), "kind": KIND, "association": ASSOCIATION,
        "modified": _str("ISO date or empty."), "hidden": {"type": "boolean"},
        "can_hide": {"type": "boolean", "description": "A document of their own folder."},
    }),
    "Unreadable": _obj({"document": _str(), "reason": _str(), "detail": _str()}),
    "Me": _obj({
        "person_id": _str(), "profile": _ref("Profile"),
        "documents": {"type": "array", "items": _ref("MyDocument")},
        "unreadable": {"type": "array", "items": _ref("Unreadable")},
        "topics": {"type": "array", "items": _str()},
        "hidden": {"type": "array", "items": _str()},
    }, "Everything the index holds about the signed-in colleague."),
    "MyTopics": _obj({"person_id": _str(), "topics": {"type": "array", "items": _str()}}),
    "MyHidden": _obj({"person_id": _str(), "hidden": {"type": "array", "items": _str()}}),
    "Suggestions": _obj({"query": _str(), "suggestions": {"type": "array",
                                                          "items": {"type": "string"}}}),
    "Health": {"type": "object", "required": ["status"], "properties": {
        "status": {"type": "string", "enum": ["ok", "unavailable"]},
        "generation": _str(), "documents": {"type": "integer"}, "people": {"type": "integer"},
        "error": _str()}},
    "Error": _obj({"error": _str("A sentence for people, in the request's language.")}),
    "CertificateRow": _obj({
        "person_id": _str(), "person": _str("The colleague's name."), "department": _str(),
        "location": _str(), "role": _str(),
        "certificate": _str("The name on the colleague's profile; for a missing one, the "
                            "name the requirements file gives."),
        "issued": _str("ISO date or empty."), "expires": _str("ISO date or empty."),
        "status": {"type": "string", "enum": list(STATUSES)},
    }, "One colleague and one certificate: the best they hold of that name, or missing."),
    "Certificates": _obj({"certificates": {"type": "array", "items": _ref("CertificateRow")}}),
    "TeamMember": _obj({
        "person_id": _str(), "name": _str(),
        "covers": {"type": "array", "items": {"type": "string"}},
        "evidence": {"type": "object", "additionalProperties": _ref("Evidence"),
                     "description": "Per need covered: why this colleague covers it."},
    }),
    "Team": _obj({
        "needs": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "string"}},
            "description": "Per need: every colleague who covers it, best first."},
        "members": {"type": "array", "items": _ref("TeamMember")},
        "uncovered": {"type": "array", "items": {"type": "string"}},
        "certificate_needs": {"type": "array", "items": {"type": "string"},
                              "description": "Needs that named a certificate: only a valid "
                                             "one counted."},
    }, "The fewest colleagues who together cover every need (greedy set cover)."),
}
TEXT = {"type": "string", "maxLength": 200}


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


def _param(name: str, schema: dict[str, Any], description: str, *, where: str = "query",
           required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required, "schema": schema,
            "description": description}


ERRORS = {"400": _json("Error", "The question or a parameter cannot be used."),
          "503": _json("Error", "No index has been built yet.")}


def openapi(version: str = "0.1.0") -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Expertise Finder", "version": version,
                 "description": "Wie weet er iets van X? Colleagues ranked by the expertise "
                                "in their CVs, certificates and documents."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Rank colleagues for a question",
                "operationId": "search",
                "parameters": [
                    _param("q", {"type": "string", "maxLength": 500}, "The question: words, "
                           "\"phrases\", AND/OR/NOT, dept:/loc:/kind: filters.", required=True),
                    _param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                           "Colleagues per page (default: the page size setting)."),
                    _param("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
                           "Colleagues to skip."),
                    _param("department", {"type": "string"}, "Only this department."),
                    _param("location", {"type": "string"}, "Only this location."),
                    _param("kind", KIND, "Only evidence of this document kind."),
                    _param("valid", {"type": "string", "enum": ["", "0", "1", "true", "false"]},
                           "Only colleagues with a certificate valid today."),
                    _param("without", {"type": "array", "maxItems": MAX_WITHOUT,
                                       "items": {"type": "string", "maxLength": 200}},
                           "An expansion not to search (one of 'expanded'); repeatable."),
                ],
                "responses": {"200": _json("SearchResults", "Ranked colleagues."), **ERRORS},
            }},
            "/api/people/{person_id}": {"get": {
                "summary": "A colleague's profile",
                "operationId": "person",
                "parameters": [_param("person_id", {"type": "string",
                                                    "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"},
                                      "The id from people.csv.", where="path", required=True)],
                "responses": {"200": _json("Profile", "The profile."),
                              "404": _json("Error", "No such colleague."),
                              "503": ERRORS["503"]},
            }},
            "/api/suggest": {"get": {
                "summary": "Autocomplete the last word typed",
                "operationId": "suggest",
                "parameters": [_param("q", {"type": "string", "maxLength": 500},
                                      "What was typed so far.")],
                "responses": {"200": _json("Suggestions", "Completions, most common first."),
                              "503": ERRORS["503"]},
            }},
            "/api/certificates": {"get": {
                "summary": "Every colleague's certificates and missing required ones (HR)",
                "operationId": "certificates",
                "description": "For the admin token (Bearer, or the /admin session cookie) "
                               "or a user in EXPERTISE_HR_USERS; 403 for anyone else.",
                "security": [{"adminToken": []}],
                "parameters": [
                    _param("status", {"type": "string", "enum": ["", *STATUSES]},
                           "Only this status (several: comma-separated)."),
                    _param("within", {"type": "integer", "minimum": 0, "maximum": 3650},
                           "'expiring' means within this many days (default: the "
                           "EXPERTISE_EXPIRING_DAYS setting)."),
                    _param("department", TEXT, "Only this department."),
                    _param("location", TEXT, "Only this location."),
                    _param("certificate", TEXT, "Only this certificate (an overview column, "
                           "or a name matched through the synonyms: BLS = reanimatie)."),
                ],
                "responses": {"200": _json("Certificates", "The rows, by department and "
                                           "colleague."),
                              "403": _json("Error", "Not for this user."), **ERRORS},
            }},
            "/api/team": {"get": {
                "summary": "The fewest colleagues who together cover the needs",
                "operationId": "team",
                "parameters": [
                    {**_param("need", {"type": "array", "items": TEXT, "minItems": 1,
                                       "maxItems": 8},
                              "A topic (answered by the search) or a certificate (a valid one "
                              "is needed); repeat for more.", required=True),
                     "style": "form", "explode": True},
                    _param("location", TEXT, "Only colleagues at this location."),
                    _param("department", TEXT, "Only colleagues of this department."),
                    _param("valid", {"type": "string", "enum": ["", "0", "1", "true", "false"]},
                           "For topics: only colleagues with a valid certificate."),
                ],
                "responses": {"200": _json("Team", "The team."), **ERRORS},
            }},
            "/api/me": {"get": {
                "summary": "What the index holds about me (the signed-in user)",
                "operationId": "me",
                "responses": {"200": _json("Me", "My data."),
                              "401": _json("Error", "Nobody signed in."),
                              "404": _json("Error", "The sign-in matches no colleague.")},
            }},
            "/api/me/topics": {"post": {
                "summary": "Replace my 'Vraag me over' topics",
                "operationId": "me_topics",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object", "required": ["topics"], "properties": {
                        "topics": {"type": "array", "maxItems": MAX_TOPICS, "items": {
                            "type": "string", "maxLength": MAX_TOPIC_CHARS}}}}}}},
                "responses": {"200": _json("MyTopics", "The topics as kept."),
                              "400": ERRORS["400"], "401": _json("Error", "Nobody signed in."),
                              "415": _json("Error", "Not sent as application/json.")},
            }},
            "/api/me/hidden": {"post": {
                "summary": "Hide one of my documents, or show it again",
                "operationId": "me_hidden",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"type": "object", "required": ["document"], "properties": {
                        "document": _str("Path of one of my own documents."),
                        "hidden": {"type": "boolean", "default": True}}}}}},
                "responses": {"200": _json("MyHidden", "My hidden documents."),
                              "400": ERRORS["400"], "401": _json("Error", "Nobody signed in."),
                              "415": _json("Error", "Not sent as application/json.")},
            }},
            "/healthz": {"get": {
                "summary": "Liveness and index state",
                "operationId": "health",
                "responses": {"200": _json("Health", "The index opens."),
                              "503": _json("Health", "No usable index.")},
            }},
        },
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "adminToken": {"type": "http", "scheme": "bearer",
                           "description": "EXPERTISE_ADMIN_TOKEN."}}},
    }
