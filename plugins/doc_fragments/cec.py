# -*- coding: utf-8 -*-
# Copyright: contributors to contactcenter.agents
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Connection options of every CEC module.
    DOCUMENTATION = r"""
options:
  cec_url:
    description:
      - Base URL of the CEC tenant's API Fabric, for example V(https://service.besclouds.com).
      - The module adds the documented paths (C(/apiaccess/rest/cc-management/v1/...)).
      - If not set, the value of the E(CEC_URL) environment variable is used.
    type: str
    required: true
  cec_app_key:
    description:
      - App key of the API Fabric app (the C(app_key) of C(tokenByAkSk)); also sent as the C(x-app-key) header.
      - If not set, the value of the E(CEC_APP_KEY) environment variable is used.
    type: str
  cec_app_secret:
    description:
      - App secret of the API Fabric app (the C(app_secret) of C(tokenByAkSk)).
      - If not set, the value of the E(CEC_APP_SECRET) environment variable is used.
    type: str
  cec_token_url:
    description:
      - Full URL of the C(tokenByAkSk) endpoint, for deployments that serve it elsewhere.
      - Defaults to O(cec_url) followed by C(/apigovernance/api/oauth/tokenByAkSk).
      - On hybrid or AICC deployments the authentication module listens on port 28070 of the load balancer
        (the C(.md) edition of the Chinese authentication page), for example
        V(https://aicc.example.com:28070/apigovernance/api/oauth/tokenByAkSk).
      - If not set, the value of the E(CEC_TOKEN_URL) environment variable is used.
    type: str
  cec_body_shape:
    description:
      - How the bodies of C(agentAccount/create), C(update), C(query) and C(delete) are sent.
      - V(flat) sends the fields at the top level, as every example of the API reference does (the best supported
        reading).
      - V(wrapped) puts them in C(requestParam) (create, update) or C(requestParams) (query, delete), as the
        pages' parameter tables do. Choose it when the server answers flat bodies with a missing
        C(requestParam(s)). A server that refuses the shape answers with a failure envelope, which never counts
        as a missing account (see the API notes on missing accounts).
      - The other calls (C(querySkills), C(queryAgentInfoByAccount)) are documented flat and always sent flat.
      - If not set, the value of the E(CEC_BODY_SHAPE) environment variable is used.
    type: str
    choices: [flat, wrapped]
    default: flat
  cec_extra_headers:
    description:
      - Extra HTTP headers sent with every call, the C(tokenByAkSk) call included (a gateway that routes by
        tenant routes that call too), for example C(X-TenantSpaceID), which some hybrid or AICC gateways need.
        Huawei's API Fabric pages do not mention such headers.
      - The values are treated as secrets and never logged or returned.
      - C(Authorization), C(Content-Type), C(X-Token-Expire) and C(x-app-key) cannot be set here.
      - If not set, the value of the E(CEC_EXTRA_HEADERS) environment variable is used, as a JSON object
        or as V(name=value) pairs separated by commas.
    type: dict
  cec_access_token:
    description:
      - An access token obtained beforehand. It is used until the server refuses it; then a new one
        is requested with O(cec_app_key) and O(cec_app_secret) if they are given.
      - If not set, the value of the E(CEC_ACCESS_TOKEN) environment variable is used.
    type: str
notes:
  - A token is requested once per task with C(X-Token-Expire) 3600 (the documented maximum), shared by all
    workers, renewed before it expires and fetched again once if the server answers 401.
  - "API notes (errors): the bodies of HTTP errors are undocumented. A 401 or 403 is an authentication or
    permission error whatever its body, including a body shaped like a C(resultCode) envelope, and a refused
    C(tokenByAkSk) is reported as such."
  - "API notes (missing accounts): the docs do not say how C(agentAccount/query) reports a missing account.
    An account is absent only when a successful answer (C(resultCode) V(0)) does not hold it, or when a
    failure envelope (HTTP 200, or the documented 500 business failure) is confirmed by a complete, successful
    paged listing that does not hold it. Anything else (auth, permission, other HTTP errors, a listing that
    fails) fails the account with the call, the HTTP status and the vendor's message, and nothing is written."
  - "API notes (paging): the maximum C(pageSize) is undocumented and C(total) is in the response table but in
    no example. The listing asks for 100 a page and takes the size of page 0 as the server's real page size
    (a server may cap pages silently); later pages are asked with that size, in parallel when C(total) is
    given, otherwise one after the other until a short page. If the records do not add up to C(total), or an
    account is listed twice, the whole task fails before any write."
  - "API notes (letter case): the docs do not say whether CEC compares accounts ignoring case. An account that
    matches an existing one only in letter case (in the listing or in a by-account answer) fails, naming both
    spellings, with no write. A by-account query that answers an empty list cannot show such a match."
"""
