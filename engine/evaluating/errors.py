"""The one exception every OPA failure becomes, so that no caller can miss one."""


class EngineError(Exception):
    """The policy engine could not give a trustworthy answer.

    Whatever the cause (no binary, a crash, a time-out, HTTP 500, garbage, an answer
    of the wrong shape), the documents concerned are not evaluated and so are never
    reported compliant; the exit status is 3.
    """

    def __init__(self, detail: str, *, code: str = "engine.other", **params: str) -> None:
        super().__init__(detail)
        # `detail` is the technical text (OPA's, or the HTTP library's), kept as it
        # is; `code` names a sentence for the reader in engine/messages.yaml.
        self.detail = detail
        self.code = code
        self.params = params
