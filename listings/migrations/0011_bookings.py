"""Bookable spaces, rooms and bookings (issue #7).

On PostgreSQL, two active bookings of one room may not overlap: an exclusion constraint over the
room (=) and tstzrange(starts_at, ends_at) (&&) with btree_gist. It is created here with SQL
rather than declared in Booking.Meta, so that the models migrate unchanged on SQLite (where
listings.bookings.services.book_space re-checks inside a write-locked transaction instead).
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models

NO_OVERLAP_SQL = (
    "ALTER TABLE listings_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (status IN ('requested', 'confirmed'))"
)
DROP_NO_OVERLAP_SQL = "ALTER TABLE listings_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"


def add_no_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NO_OVERLAP_SQL)


def drop_no_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_NO_OVERLAP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0010_applications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        BtreeGistExtension(),  # does nothing on SQLite
        migrations.CreateModel(
            name='BookableSpace',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slot_minutes', models.PositiveSmallIntegerField(choices=[(15, '15 minutes'), (30, '30 minutes'), (60, '1 hour'), (90, '1 hour 30 minutes'), (120, '2 hours')], default=60, verbose_name='slot length')),
                ('max_booking_minutes', models.PositiveSmallIntegerField(default=180, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(1440)], verbose_name='longest booking (minutes)')),
                ('book_ahead_days', models.PositiveSmallIntegerField(default=60, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(366)], verbose_name='bookable up to (days ahead)')),
                ('cancel_cutoff_hours', models.PositiveSmallIntegerField(default=24, help_text='Bookings can be cancelled online until this many hours before they start.', validators=[django.core.validators.MaxValueValidator(720)], verbose_name='cancellation cutoff (hours before)')),
                ('requires_approval', models.BooleanField(default=False, help_text='Bookings hold the slot as requests until the owner approves them.', verbose_name='the owner approves each booking')),
                ('is_open', models.BooleanField(default=True, help_text='Untick to stop new bookings for a while; existing bookings stay.', verbose_name='taking bookings')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('listing', models.OneToOneField(limit_choices_to={'kind': 'space'}, on_delete=django.db.models.deletion.CASCADE, related_name='booking_settings', to='listings.listing', verbose_name='space')),
            ],
            options={
                'verbose_name': 'bookable space',
                'verbose_name_plural': 'bookable spaces',
            },
        ),
        migrations.CreateModel(
            name='ClosedDate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('reason', models.CharField(blank=True, max_length=80, verbose_name='reason')),
                ('space', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='closed_dates', to='listings.bookablespace', verbose_name='space')),
            ],
            options={
                'verbose_name': 'closed date',
                'verbose_name_plural': 'closed dates',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='day of the week')),
                ('opens_at', models.TimeField(verbose_name='opens at')),
                ('closes_at', models.TimeField(verbose_name='closes at')),
                ('space', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours', to='listings.bookablespace', verbose_name='space')),
            ],
            options={
                'verbose_name': 'opening hours',
                'verbose_name_plural': 'opening hours',
                'ordering': ['weekday', 'opens_at'],
            },
        ),
        migrations.CreateModel(
            name='Room',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, verbose_name='name')),
                ('capacity', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='capacity (people)')),
                ('description', models.TextField(blank=True, max_length=1000, verbose_name='description and facilities')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('space', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='rooms', to='listings.bookablespace', verbose_name='space')),
            ],
            options={
                'verbose_name': 'room',
                'verbose_name_plural': 'rooms',
                'ordering': ['position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Booking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_at', models.DateTimeField(verbose_name='starts at')),
                ('ends_at', models.DateTimeField(verbose_name='ends at')),
                ('purpose', models.CharField(max_length=200, verbose_name='purpose')),
                ('people', models.PositiveSmallIntegerField(verbose_name='number of people')),
                ('status', models.CharField(choices=[('requested', 'Waiting for approval'), ('confirmed', 'Confirmed'), ('declined', 'Declined'), ('cancelled', 'Cancelled')], default='confirmed', max_length=10, verbose_name='status')),
                ('decision_note', models.TextField(blank=True, max_length=1000, verbose_name='message from the owner')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='cancelled at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='booked at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('booker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookings', to=settings.AUTH_USER_MODEL, verbose_name='booked by')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('room', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bookings', to='listings.room', verbose_name='room')),
            ],
            options={
                'verbose_name': 'booking',
                'verbose_name_plural': 'bookings',
                'ordering': ['starts_at', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='bookablespace',
            constraint=models.CheckConstraint(condition=models.Q(('max_booking_minutes__gte', models.F('slot_minutes'))), name='bookable_space_max_at_least_one_slot'),
        ),
        migrations.AddConstraint(
            model_name='closeddate',
            constraint=models.UniqueConstraint(fields=('space', 'date'), name='closed_date_unique_in_space'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='opening_hours_close_after_open'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.UniqueConstraint(fields=('space', 'name'), name='room_name_unique_in_space'),
        ),
        migrations.AddConstraint(
            model_name='room',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='room_capacity_positive'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['room', 'starts_at'], name='booking_room_start'),
        ),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['booker', '-starts_at'], name='booking_booker_start'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='booking_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='booking',
            constraint=models.CheckConstraint(condition=models.Q(('people__gte', 1)), name='booking_people_positive'),
        ),
        migrations.RunPython(add_no_overlap_constraint, drop_no_overlap_constraint, elidable=False),
    ]
