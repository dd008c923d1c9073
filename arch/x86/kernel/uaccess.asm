; probe_kernel_write_byte(addr, value): store one byte, or report that the
; store faulted.  The page-fault handler looks the faulting EIP up in the
; exception table (fixup_exception() in traps.c) and resumes at the fixup,
; as Linux's __put_user_asm/_ASM_EXTABLE pairs do.  rodata_test uses it to
; prove text and rodata are read-only without taking the kernel down.

global probe_kernel_write_byte
global __ex_table_start, __ex_table_end

section .text
probe_kernel_write_byte:
	mov	edx, [esp + 4]
	mov	eax, [esp + 8]
.store:
	mov	[edx], al
	xor	eax, eax
	ret
.fault:
	mov	eax, -14		; -EFAULT
	ret

section .rodata
align 4
__ex_table_start:
	dd	probe_kernel_write_byte.store, probe_kernel_write_byte.fault
__ex_table_end:
