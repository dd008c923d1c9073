; Exception and IRQ entry stubs.  Every vector gets the same frame (struct
; pt_regs in asm/ptrace.h): the CPU's eip/cs/eflags, an error code (a zero
; where the CPU pushes none, Intel SDM vol. 3A table 6-1), the vector, es,
; ds and pusha.  Exceptions go to do_trap(), the 8259's IRQ vectors
; 0x20-0x2f (only used without a TSC, see time.c) to do_IRQ().

extern do_trap, do_IRQ
global isr_stub_table, irq_stub_table

FIRST_EXTERNAL_VECTOR equ 0x20

%macro ISR_NOERR 1
isr%1:
	push	dword 0
	push	dword %1
	jmp	common_trap
%endmacro

%macro ISR_ERR 1
isr%1:
	push	dword %1
	jmp	common_trap
%endmacro

; Save the frame, call the C handler with it, restore it and return: the
; same for an exception and for an IRQ (an interrupt gate keeps interrupts
; off until the iret restores the interrupted EFLAGS).
%macro COMMON_ENTRY 2
%1:
	push	es
	push	ds
	pusha
	mov	ax, 0x10		; __KERNEL_DS
	mov	ds, ax
	mov	es, ax
	cld
	push	esp			; struct pt_regs *
	call	%2
	add	esp, 4
	popa
	pop	ds
	pop	es
	add	esp, 8			; vector and error code
	iret
%endmacro

section .text
COMMON_ENTRY common_trap, do_trap
COMMON_ENTRY common_interrupt, do_IRQ

%macro IRQ_STUB 1
irq%1:
	push	dword 0
	push	dword FIRST_EXTERNAL_VECTOR + %1
	jmp	common_interrupt
%endmacro

%assign i 0
%rep 16
IRQ_STUB i
%assign i i+1
%endrep

ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR   8
ISR_NOERR 9
ISR_ERR   10
ISR_ERR   11
ISR_ERR   12
ISR_ERR   13
ISR_ERR   14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR   17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR   21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR   29
ISR_ERR   30
ISR_NOERR 31

section .rodata
isr_stub_table:
%assign i 0
%rep 32
	dd isr %+ i
%assign i i+1
%endrep
irq_stub_table:
%assign i 0
%rep 16
	dd irq %+ i
%assign i i+1
%endrep
