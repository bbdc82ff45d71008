"""Closed vocabularies of the case register (no dependencies). Values are stored; labels are shown."""

from __future__ import annotations

import enum


class Labelled(str, enum.Enum):
    """A str enum whose members carry a Chinese label: Member = ("value", "标签")."""

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def from_label(cls, label: str):
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)


class Procedure(Labelled):
    ORDINARY = ("ordinary", "普通程序")
    SIMPLE = ("simple", "简易处理")  # 办案规则 Art 56-61
    FAST_TRACK = ("fast_track", "速裁")  # local practice: routed at acceptance


class CaseStatus(Labelled):
    PENDING = ("pending", "待受理")
    ACCEPTED = ("accepted", "已受理")
    SCHEDULED = ("scheduled", "已排期")
    HEARING = ("hearing", "审理中")
    SUSPENDED = ("suspended", "中止")
    CLOSED = ("closed", "已结案")


class ClosingWay(Labelled):
    AWARD = ("award", "裁决")
    MEDIATION = ("mediation", "调解")
    WITHDRAWAL = ("withdrawal", "撤回")
    TERMINATION = ("termination", "终止审理")
    NOT_ACCEPTED = ("not_accepted", "不予受理")
    OTHER = ("other", "其他")


class PartySide(Labelled):
    APPLICANT = ("applicant", "申请人")
    RESPONDENT = ("respondent", "被申请人")
    THIRD_PARTY = ("third_party", "第三人")


class PartyKind(Labelled):
    PERSON = ("person", "自然人")
    EMPLOYER = ("employer", "用人单位")


class AgentAuthority(Labelled):
    GENERAL = ("general", "一般授权")
    SPECIAL = ("special", "特别授权")


class StaffRole(Labelled):
    ARBITRATOR = ("arbitrator", "仲裁员")
    CLERK = ("clerk", "书记员")
    ADMINISTRATOR = ("administrator", "管理员")


class Seat(Labelled):
    """A place on a case's tribunal (调解仲裁法 Art 31)."""

    PRESIDING = ("presiding", "首席仲裁员")
    MEMBER = ("member", "仲裁员")
    SOLE = ("sole", "独任仲裁员")
    CLERK = ("clerk", "书记员")


class TimeLimitKind(Labelled):
    EXTENSION = ("extension", "延期")  # 办案规则 Art 45
    SUSPENSION = ("suspension", "中止")  # 办案规则 Art 46(6) / 47
    PUBLIC_NOTICE = ("public_notice", "公告送达")  # 办案规则 Art 46(6)
    RESTART = ("restart", "重新计算期限")  # 办案规则 Art 46(1)-(5)


class RestartReason(Labelled):
    """Events that restart the decision period (办案规则 Art 46)."""

    ADDED_PARTY = ("added_party", "追加当事人")
    MATERIALS_COMPLETED = ("materials_completed", "补正材料")
    CHANGED_CLAIMS = ("changed_claims", "增加、变更仲裁请求")
    COUNTERCLAIM = ("counterclaim", "受理反申请")
    TRANSFERRED = ("transferred", "移送管辖")


class ElementStatus(Labelled):
    """Where an element stands in the hearing (要素式庭审)."""

    PENDING = ("pending", "待确认")
    UNDISPUTED = ("undisputed", "无争议")
    DISPUTED = ("disputed", "有争议")


class SpeakerRole(Labelled):
    """Who speaks in the record (庭审笔录); `short` is the prefix used in the printed record."""

    ARBITRATOR = ("arbitrator", "仲裁员")
    CLERK = ("clerk", "书记员")
    APPLICANT = ("applicant", "申请人")
    APPLICANT_AGENT = ("applicant_agent", "申请人代理人")
    RESPONDENT = ("respondent", "被申请人")
    RESPONDENT_AGENT = ("respondent_agent", "被申请人代理人")
    THIRD_PARTY = ("third_party", "第三人")
    WITNESS = ("witness", "证人")

    @property
    def short(self) -> str:
        return _SPEAKER_SHORT[self.value]


_SPEAKER_SHORT = {
    "arbitrator": "仲", "clerk": "书", "applicant": "申", "applicant_agent": "申代", "respondent": "被",
    "respondent_agent": "被代", "third_party": "第三人", "witness": "证",
}


class CitationSide(Labelled):
    """Which position of an element a statement in the record supports."""

    APPLICANT = ("applicant", "申请人")
    RESPONDENT = ("respondent", "被申请人")
    FINDING = ("finding", "仲裁庭")


class AccountRole(Labelled):
    """What a signed-in account may do (issue 12); checked in app/services/access.py."""

    ADMIN = ("admin", "管理员")
    ARBITRATOR = ("arbitrator", "仲裁员")
    CLERK = ("clerk", "书记员")
    VIEWER = ("viewer", "查阅")
