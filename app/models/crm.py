"""CRM tables: leads, contacts, companies, deals, activities and mail links."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel
from app.models.mail import Message

# Activities and mail links belong to exactly one person: a lead or a contact.
ONE_OWNER = pw.SQL("CHECK ((lead_id IS NULL) <> (contact_id IS NULL))")


class Company(BaseModel):
    name = pw.TextField()
    website = pw.TextField(default="")
    phone = pw.TextField(default="")
    address = pw.TextField(default="")
    created_at = pw.IntegerField()

    class Meta:
        indexes = ((("name",), False),)


class Person(BaseModel):
    """Fields shared by leads and contacts. Not a table."""

    last_name = pw.TextField(default="")
    first_name = pw.TextField(default="")
    email = pw.TextField(default="")  # lower-cased
    phone = pw.TextField(default="")
    mobile = pw.TextField(default="")
    title = pw.TextField(default="")
    website = pw.TextField(default="")
    address = pw.TextField(default="")
    notes = pw.TextField(default="")
    last_name_kana = pw.TextField(default="")  # furigana, for sorting and vCard X-PHONETIC
    first_name_kana = pw.TextField(default="")
    created_at = pw.IntegerField()
    updated_at = pw.IntegerField()


class Contact(Person):
    company = pw.ForeignKeyField(Company, null=True, on_delete="SET NULL")
    company_name = pw.TextField(default="")
    source = pw.TextField(default="")  # the lead's source, kept on conversion

    class Meta:
        indexes = ((("email",), False),)


class Lead(Person):
    company_name = pw.TextField(default="")
    status = pw.TextField(default="new")  # new | contacted | qualified | lost | converted
    source = pw.TextField(default="")
    converted_contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("email",), False),)


class PipelineStage(BaseModel):
    name = pw.TextField(unique=True)
    position = pw.IntegerField()
    probability = pw.IntegerField(default=0)
    closed = pw.BooleanField(default=False)
    won = pw.BooleanField(default=False)


class Deal(BaseModel):
    # Deals belong to contacts only; a lead must be converted first (as in the seeds).
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE", backref="deals")
    company = pw.ForeignKeyField(Company, null=True, on_delete="SET NULL")
    name = pw.TextField()
    amount = pw.DecimalField(max_digits=18, decimal_places=2, null=True)
    currency = pw.TextField(default="JPY")
    stage = pw.TextField(default="")
    close_date = pw.DateField(null=True)
    created_at = pw.IntegerField()
    updated_at = pw.IntegerField()


class Activity(BaseModel):
    kind = pw.TextField()  # task | event | call | note
    lead = pw.ForeignKeyField(Lead, null=True, on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="CASCADE")
    deal = pw.ForeignKeyField(Deal, null=True, on_delete="SET NULL")
    subject = pw.TextField()
    body = pw.TextField(default="")
    due = pw.IntegerField(null=True)  # tasks: epoch seconds
    start = pw.IntegerField(null=True)  # events and calls
    end = pw.IntegerField(null=True)
    location = pw.TextField(default="")
    attendees = pw.TextField(default="[]")
    priority = pw.TextField(default="normal")
    done = pw.BooleanField(default=False)
    done_at = pw.IntegerField(null=True)
    call_direction = pw.TextField(default="")  # inbound | outbound
    call_duration = pw.IntegerField(null=True)  # seconds
    call_outcome = pw.TextField(default="")
    created_at = pw.IntegerField()

    class Meta:
        constraints = (ONE_OWNER,)
        indexes = ((("due",), False),)


class EmailLink(BaseModel):
    message = pw.ForeignKeyField(Message, on_delete="CASCADE")
    lead = pw.ForeignKeyField(Lead, null=True, on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="CASCADE")
    deal = pw.ForeignKeyField(Deal, null=True, on_delete="SET NULL")
    manual = pw.BooleanField(default=False)
    created_at = pw.IntegerField()

    class Meta:
        constraints = (ONE_OWNER,)
        indexes = (
            # NULLs are distinct in a unique index: each one constrains its own kind of owner.
            (("message", "lead"), True),
            (("message", "contact"), True),
        )


class LinkProgress(BaseModel):
    """One row: messages with an id at or above this one still wait for automatic linking."""

    message_id = pw.IntegerField()


CRM_TABLES = [Company, Contact, Lead, PipelineStage, Deal, Activity, EmailLink, LinkProgress]
