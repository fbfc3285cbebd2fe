import { Controller, Get } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { AuditTrail, type Verification } from '@thads/audit';
import { Roles } from '@thads/auth';
import { Api } from '@thads/http';

const VerificationSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  firstBad: Type.Optional(Type.Integer({ description: 'The first entry that does not match.' })),
  reason: Type.Optional(Type.String()),
  unkeyed: Type.Optional(
    Type.Integer({
      description:
        'How many entries, the first ones, are linked by plain SHA-256 only (made before AUDIT_KEY was set, up to AUDIT_KEYED_FROM): they show accidental change, not rewriting.',
    }),
  ),
});

@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditTrail) {}

  @Roles('admin', 'inspection_supervisor')
  @Get('verify')
  @Api({
    summary: 'Verify the audit trail',
    description:
      'Recomputes the hash chain with the audit key (HMAC links: nobody without the key can rewrite an entry and recompute the chain); names the first entry that does not match.',
    response: { description: 'The verification.', schema: VerificationSchema },
  })
  verify(): Promise<Verification> {
    return this.audit.verify();
  }
}
